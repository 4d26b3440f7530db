-- Transfers (issue 13): each school's grades as its administrator states them (classes, pupils, places), shown to
-- the receiving school's staff when they decide on a transfer. Consultations: the approver's reason for sending a
-- notice back to its editor, shown on the draft until it is sent for approval again.
CREATE TABLE school_grade_capacities (
    unit_id uuid NOT NULL,
    grade integer NOT NULL,
    classes integer NOT NULL,
    pupils integer NOT NULL,
    capacity integer NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by uuid,
    CONSTRAINT pk_school_grade_capacities PRIMARY KEY (unit_id, grade),
    CONSTRAINT fk_school_grade_capacities_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE CASCADE
);

ALTER TABLE consultations ADD COLUMN return_comment character varying(900);
