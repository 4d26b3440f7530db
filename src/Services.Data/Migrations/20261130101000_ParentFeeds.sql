-- Unit portals' content (issue 14): the feed each unit shows its parent's news from (by default the parent's RSS on
-- this portal, or another host's), and the last good copy of its items, kept when a fetch fails.
CREATE TABLE parent_feeds (
    unit_id uuid NOT NULL,
    url character varying(500),
    source_title character varying(300),
    source_link character varying(500),
    fetched_at timestamp with time zone,
    attempted_at timestamp with time zone,
    error character varying(300),
    CONSTRAINT pk_parent_feeds PRIMARY KEY (unit_id),
    CONSTRAINT fk_parent_feeds_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
);

CREATE TABLE parent_feed_items (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    position integer NOT NULL,
    title character varying(300) NOT NULL,
    link character varying(500),
    summary character varying(2000) NOT NULL,
    published_at timestamp with time zone,
    CONSTRAINT pk_parent_feed_items PRIMARY KEY (id),
    CONSTRAINT fk_parent_feed_items_parent_feeds_unit_id FOREIGN KEY (unit_id) REFERENCES parent_feeds (unit_id) ON DELETE CASCADE
);

CREATE INDEX ix_parent_feed_items_unit_id_position ON parent_feed_items (unit_id, position);
