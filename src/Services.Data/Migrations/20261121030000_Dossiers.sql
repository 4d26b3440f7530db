-- Generic online forms, dossiers with versioned data, and resumable drafts.
CREATE TABLE online_forms (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    slug character varying(80) NOT NULL,
    title_vi character varying(200) NOT NULL,
    title_en character varying(200) NOT NULL,
    description_vi character varying(2000) NOT NULL,
    description_en character varying(2000) NOT NULL,
    procedure_code character varying(40),
    processing_days integer NOT NULL,
    fields jsonb NOT NULL,
    status character varying(20) NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    published_at timestamp with time zone,
    CONSTRAINT pk_online_forms PRIMARY KEY (id),
    CONSTRAINT fk_online_forms_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE TABLE dossier_drafts (
    id uuid NOT NULL,
    form_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    data jsonb NOT NULL,
    current_step integer NOT NULL,
    email character varying(200),
    user_id uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_dossier_drafts PRIMARY KEY (id),
    CONSTRAINT fk_dossier_drafts_online_forms_form_id FOREIGN KEY (form_id) REFERENCES online_forms (id) ON DELETE CASCADE
);

CREATE TABLE dossiers (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    form_id uuid NOT NULL,
    form_version integer NOT NULL,
    service_slug character varying(80) NOT NULL,
    tracking_code character varying(20) NOT NULL,
    idempotency_key uuid NOT NULL,
    applicant_user_id uuid,
    applicant_name character varying(200) NOT NULL,
    applicant_date_of_birth date NOT NULL,
    applicant_phone character varying(20),
    applicant_email character varying(200),
    data jsonb NOT NULL,
    data_version integer NOT NULL,
    submitted_at timestamp with time zone NOT NULL,
    due_date date,
    rating integer,
    rating_comment character varying(2000),
    CONSTRAINT pk_dossiers PRIMARY KEY (id),
    CONSTRAINT fk_dossiers_online_forms_form_id FOREIGN KEY (form_id) REFERENCES online_forms (id) ON DELETE RESTRICT,
    CONSTRAINT fk_dossiers_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE TABLE dossier_data_versions (
    id uuid NOT NULL,
    dossier_id uuid NOT NULL,
    version integer NOT NULL,
    data jsonb NOT NULL,
    changed_keys jsonb NOT NULL,
    changed_by_user_id uuid,
    changed_by_name character varying(200) NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_dossier_data_versions PRIMARY KEY (id),
    CONSTRAINT fk_dossier_data_versions_dossiers_dossier_id FOREIGN KEY (dossier_id) REFERENCES dossiers (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_dossier_data_versions_dossier_id_version ON dossier_data_versions (dossier_id, version);

CREATE INDEX ix_dossier_drafts_expires_at ON dossier_drafts (expires_at);

CREATE INDEX ix_dossier_drafts_form_id ON dossier_drafts (form_id);

CREATE UNIQUE INDEX ix_dossier_drafts_token_hash ON dossier_drafts (token_hash);

CREATE INDEX ix_dossiers_applicant_user_id ON dossiers (applicant_user_id);

CREATE INDEX ix_dossiers_form_id ON dossiers (form_id);

CREATE UNIQUE INDEX ix_dossiers_idempotency_key ON dossiers (idempotency_key);

CREATE UNIQUE INDEX ix_dossiers_tracking_code ON dossiers (tracking_code);

CREATE INDEX ix_dossiers_unit_id_submitted_at ON dossiers (unit_id, submitted_at);

CREATE UNIQUE INDEX ix_online_forms_unit_id_slug ON online_forms (unit_id, slug);
