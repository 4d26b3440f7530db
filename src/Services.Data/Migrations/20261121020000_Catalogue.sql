-- The "Thủ tục - Biểu mẫu" catalogue: procedures per unit and their downloadable forms (issue 4).

CREATE TABLE procedures (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    code character varying(40) NOT NULL,
    name_vi character varying(300) NOT NULL,
    name_en character varying(300),
    field_vi character varying(120) NOT NULL,
    field_en character varying(120),
    level character varying(20) NOT NULL,
    steps_vi text[] NOT NULL,
    components_vi text[] NOT NULL,
    submission_vi character varying(2000) NOT NULL,
    handler_name character varying(200) NOT NULL,
    handler_contact character varying(300) NOT NULL,
    processing_days integer NOT NULL,
    fees_vi character varying(1000) NOT NULL,
    legal_basis_vi character varying(4000) NOT NULL,
    online_service_slug character varying(80),
    is_published boolean NOT NULL,
    sort_order integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_procedures PRIMARY KEY (id),
    CONSTRAINT fk_procedures_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);


CREATE TABLE procedure_forms (
    id uuid NOT NULL,
    procedure_id uuid NOT NULL,
    title character varying(300) NOT NULL,
    file_name character varying(200) NOT NULL,
    sha256 character(64) NOT NULL,
    size bigint NOT NULL,
    content_type character varying(100) NOT NULL,
    sort_order integer NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_procedure_forms PRIMARY KEY (id),
    CONSTRAINT fk_procedure_forms_procedures_procedure_id FOREIGN KEY (procedure_id) REFERENCES procedures (id) ON DELETE CASCADE
);


CREATE INDEX ix_procedure_forms_procedure_id ON procedure_forms (procedure_id);
CREATE INDEX ix_procedures_online_service_slug ON procedures (online_service_slug) WHERE online_service_slug IS NOT NULL;
CREATE UNIQUE INDEX ix_procedures_unit_id_code ON procedures (unit_id, code);
