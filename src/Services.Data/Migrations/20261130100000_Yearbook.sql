-- Unit portals' content (issue 14): each unit's statistics yearbook, one row per school year, entered or imported by
-- its editorial board and shown publicly as tables, charts and CSV.
CREATE TABLE yearbook_entries (
    unit_id uuid NOT NULL,
    school_year character varying(9) NOT NULL,
    schools integer NOT NULL,
    classes integer NOT NULL,
    teachers integer NOT NULL,
    pupils integer NOT NULL,
    classrooms integer NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by uuid,
    CONSTRAINT pk_yearbook_entries PRIMARY KEY (unit_id, school_year),
    CONSTRAINT fk_yearbook_entries_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
);
