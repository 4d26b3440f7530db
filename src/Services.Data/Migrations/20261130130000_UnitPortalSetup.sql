-- A unit's own portal set-up (issue 14): its header colour from the accessible palette, the link to its school
-- management system (Circular 37 item 11) and its logo, kept apart from the unit row so the unit tree stays small.
ALTER TABLE units ADD colour character varying(20);
ALTER TABLE units ADD management_system_url character varying(500);
ALTER TABLE units ADD logo_updated_at timestamp with time zone;

CREATE TABLE unit_logos (
    unit_id uuid NOT NULL,
    content_type character varying(20) NOT NULL,
    content bytea NOT NULL,
    CONSTRAINT pk_unit_logos PRIMARY KEY (unit_id),
    CONSTRAINT fk_unit_logos_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
);
