-- Unit portals' content (issue 14): news, documents and disclosures in one table, their status mirroring the
-- editorial workflow's step, and every saved version for the readable history.
CREATE TABLE content_items (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    category character varying(60) NOT NULL,
    title character varying(300) NOT NULL,
    summary character varying(1000) NOT NULL,
    body text NOT NULL,
    source text NOT NULL,
    slug character varying(200) NOT NULL,
    status character varying(20) NOT NULL,
    publish_at timestamp with time zone,
    published_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    instance_id uuid,
    version integer NOT NULL,
    school_year character varying(9),
    document_number character varying(60),
    issuing_authority character varying(300),
    issued_on date,
    effective_on date,
    CONSTRAINT pk_content_items PRIMARY KEY (id),
    CONSTRAINT fk_content_items_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_content_items_unit_id_kind_slug ON content_items (unit_id, kind, slug);
CREATE INDEX ix_content_items_status_published_at ON content_items (status, published_at);

CREATE TABLE content_versions (
    id uuid NOT NULL,
    item_id uuid NOT NULL,
    number integer NOT NULL,
    title character varying(300) NOT NULL,
    summary character varying(1000) NOT NULL,
    source text NOT NULL,
    changed_by character varying(200) NOT NULL,
    changed_by_id uuid,
    changed_at timestamp with time zone NOT NULL,
    note character varying(1000) NOT NULL,
    CONSTRAINT pk_content_versions PRIMARY KEY (id),
    CONSTRAINT fk_content_versions_content_items_item_id FOREIGN KEY (item_id) REFERENCES content_items (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_content_versions_item_id_number ON content_versions (item_id, number);
