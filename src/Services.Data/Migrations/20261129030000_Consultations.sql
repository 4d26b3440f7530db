-- Public consultations (issue 13): the notice with its issues and draft sections, and the comments, the unit's
-- replies and each comment's disposition. The stage lives on the consultation's workflow instance.
CREATE TABLE consultations (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    issues jsonb NOT NULL,
    sections jsonb NOT NULL,
    receiving_address character varying(500) NOT NULL,
    receiving_email character varying(254) NOT NULL,
    opens_at timestamp with time zone NOT NULL,
    closes_at timestamp with time zone NOT NULL,
    moderation character varying(30) NOT NULL,
    hide_after_reports integer NOT NULL,
    drafted_by uuid NOT NULL,
    approved_by uuid,
    workflow_instance_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_consultations PRIMARY KEY (id),
    CONSTRAINT fk_consultations_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE INDEX ix_consultations_unit_id ON consultations (unit_id);

CREATE TABLE consultation_comments (
    id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    section integer,
    reply_to uuid,
    name character varying(200) NOT NULL,
    email character varying(254) NOT NULL,
    organisation character varying(300),
    body character varying(5000) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    confirmation_hash bytea,
    confirmed_at timestamp with time zone,
    visibility character varying(20) NOT NULL,
    reports integer NOT NULL,
    disposition character varying(20),
    disposition_reason character varying(2000),
    CONSTRAINT pk_consultation_comments PRIMARY KEY (id),
    CONSTRAINT fk_consultation_comments_consultations_consultation_id FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE,
    CONSTRAINT fk_consultation_comments_consultation_comments_reply_to FOREIGN KEY (reply_to) REFERENCES consultation_comments (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_consultation_comments_confirmation_hash ON consultation_comments (confirmation_hash);

CREATE INDEX ix_consultation_comments_consultation_id_created_at ON consultation_comments (consultation_id, created_at);

CREATE INDEX ix_consultation_comments_reply_to ON consultation_comments (reply_to);

CREATE TABLE consultation_attachments (
    id uuid NOT NULL,
    consultation_id uuid NOT NULL,
    file_name character varying(200) NOT NULL,
    content_type character varying(100) NOT NULL,
    content bytea NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_consultation_attachments PRIMARY KEY (id),
    CONSTRAINT fk_consultation_attachments_consultations_consultation_id FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE
);

CREATE INDEX ix_consultation_attachments_consultation_id ON consultation_attachments (consultation_id);
