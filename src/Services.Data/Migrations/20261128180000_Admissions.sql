-- Entry-level admissions (issue 11, ADR 13): campaigns with their schools, zones and priority groups, and one row per
-- application beside its dossier, holding what the allocation joins on.
CREATE TABLE admission_campaigns (
    id uuid NOT NULL,
    unit_id uuid NOT NULL,
    school_year character varying(9) NOT NULL,
    grade integer NOT NULL,
    max_choices integer NOT NULL,
    seed character varying(64) NOT NULL,
    data_confirmation_at timestamp with time zone NOT NULL,
    registration_at timestamp with time zone NOT NULL,
    verification_at timestamp with time zone NOT NULL,
    allocation_at timestamp with time zone NOT NULL,
    results_at timestamp with time zone NOT NULL,
    confirmation_at timestamp with time zone NOT NULL,
    second_round_at timestamp with time zone NOT NULL,
    closes_at timestamp with time zone NOT NULL,
    workflow_instance_id uuid,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_admission_campaigns PRIMARY KEY (id),
    CONSTRAINT fk_admission_campaigns_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE TABLE admission_priority_groups (
    campaign_id uuid NOT NULL,
    "order" integer NOT NULL,
    name_vi character varying(200) NOT NULL,
    name_en character varying(200) NOT NULL,
    CONSTRAINT pk_admission_priority_groups PRIMARY KEY (campaign_id, "order"),
    CONSTRAINT fk_admission_priority_groups_admission_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES admission_campaigns (id) ON DELETE CASCADE
);

CREATE TABLE admission_schools (
    campaign_id uuid NOT NULL,
    school_id uuid NOT NULL,
    seats integer NOT NULL,
    classes integer NOT NULL,
    zone_wards text[] NOT NULL,
    last_year_applicants integer,
    last_year_seats integer,
    CONSTRAINT pk_admission_schools PRIMARY KEY (campaign_id, school_id),
    CONSTRAINT fk_admission_schools_admission_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES admission_campaigns (id) ON DELETE CASCADE,
    CONSTRAINT fk_admission_schools_units_school_id FOREIGN KEY (school_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE TABLE admission_applications (
    id uuid NOT NULL,
    campaign_id uuid NOT NULL,
    dossier_id uuid NOT NULL,
    personal_id character varying(12) NOT NULL,
    child_name character varying(100) NOT NULL,
    date_of_birth date NOT NULL,
    ward character varying(100) NOT NULL,
    residence character varying(20) NOT NULL,
    priority_order integer,
    choices uuid[] NOT NULL,
    status character varying(20) NOT NULL,
    placed_school_id uuid,
    placed_choice integer,
    explanation jsonb,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_admission_applications PRIMARY KEY (id),
    CONSTRAINT fk_admission_applications_admission_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES admission_campaigns (id) ON DELETE RESTRICT,
    CONSTRAINT fk_admission_applications_dossiers_dossier_id FOREIGN KEY (dossier_id) REFERENCES dossiers (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_admission_applications_campaign_id_personal_id ON admission_applications (campaign_id, personal_id) WHERE status <> 'Withdrawn';
CREATE UNIQUE INDEX ix_admission_applications_dossier_id ON admission_applications (dossier_id);
CREATE UNIQUE INDEX ix_admission_campaigns_unit_id_school_year_grade ON admission_campaigns (unit_id, school_year, grade);
CREATE INDEX ix_admission_schools_school_id ON admission_schools (school_id);
