-- News images (issue 14, ADR 0031): the image's alternative text, time and sizes on the item (lists read one row), its
-- stripped and resized bytes apart in content_images, and the alternative text of each saved version.
ALTER TABLE content_items ADD image_alt character varying(300);
ALTER TABLE content_items ADD image_updated_at timestamp with time zone;
ALTER TABLE content_items ADD image_width integer;
ALTER TABLE content_items ADD image_height integer;
ALTER TABLE content_items ADD thumbnail_width integer;
ALTER TABLE content_items ADD thumbnail_height integer;
ALTER TABLE content_versions ADD image_alt character varying(300);

CREATE TABLE content_images (
    item_id uuid NOT NULL,
    content_type character varying(20) NOT NULL,
    large bytea NOT NULL,
    thumbnail bytea NOT NULL,
    CONSTRAINT pk_content_images PRIMARY KEY (item_id),
    CONSTRAINT fk_content_images_content_items_item_id FOREIGN KEY (item_id) REFERENCES content_items (id) ON DELETE CASCADE
);
