-- Exams, their candidates with scores, and the certificate registry (issue 12, ADR 0014). A candidate's scores sit in
-- its own row so a results lookup reads one row through the unique (exam, number) index and no dossier table.
CREATE TABLE exams (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    name character varying(300) NOT NULL,
    kind character varying(40) NOT NULL,
    year integer NOT NULL,
    subjects jsonb NOT NULL,
    publish_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_exams PRIMARY KEY (id),
    CONSTRAINT fk_exams_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE INDEX ix_exams_unit_id ON exams (unit_id);

CREATE TABLE exam_candidates (
    id uuid NOT NULL,
    exam_id uuid NOT NULL,
    number character varying(20) NOT NULL,
    full_name character varying(200) NOT NULL,
    date_of_birth date NOT NULL,
    school character varying(300) NOT NULL,
    room character varying(50) NOT NULL,
    scores jsonb NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_exam_candidates PRIMARY KEY (id),
    CONSTRAINT fk_exam_candidates_exams_exam_id FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_exam_candidates_exam_id_number ON exam_candidates (exam_id, number);

CREATE TABLE certificates (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    serial character varying(30) NOT NULL,
    register_number character varying(30) NOT NULL,
    holder_name character varying(200) NOT NULL,
    date_of_birth date NOT NULL,
    type character varying(200) NOT NULL,
    classification character varying(100) NOT NULL,
    year integer NOT NULL,
    issued_on date NOT NULL,
    signer character varying(200) NOT NULL,
    status character varying(20) NOT NULL,
    status_note character varying(1000),
    status_changed_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_certificates PRIMARY KEY (id),
    CONSTRAINT fk_certificates_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_certificates_unit_id_serial ON certificates (unit_id, serial);
CREATE INDEX ix_certificates_serial ON certificates (serial);
