-- A dossier belongs to a service (its definition's key), not to a form: the generic form it was made from moves into
-- the generic-form service's own table, and the service's name as the applicant saw it is kept on the dossier.
CREATE TABLE generic_form_dossiers (
    dossier_id uuid NOT NULL,
    form_id uuid NOT NULL,
    form_version integer NOT NULL,
    CONSTRAINT pk_generic_form_dossiers PRIMARY KEY (dossier_id),
    CONSTRAINT fk_generic_form_dossiers_dossiers_dossier_id FOREIGN KEY (dossier_id) REFERENCES dossiers (id) ON DELETE CASCADE,
    CONSTRAINT fk_generic_form_dossiers_online_forms_form_id FOREIGN KEY (form_id) REFERENCES online_forms (id) ON DELETE RESTRICT
);

CREATE INDEX ix_generic_form_dossiers_form_id ON generic_form_dossiers (form_id);

INSERT INTO generic_form_dossiers (dossier_id, form_id, form_version)
SELECT id, form_id, form_version FROM dossiers;

ALTER TABLE dossiers
    ADD COLUMN service_key character varying(60),
    ADD COLUMN service_title_vi character varying(200),
    ADD COLUMN service_title_en character varying(200),
    ADD COLUMN processing_days integer;

-- Every dossier so far came from a generic form.
UPDATE dossiers d
SET service_key = 'generic-form', service_title_vi = f.title_vi, service_title_en = f.title_en, processing_days = f.processing_days
FROM online_forms f
WHERE f.id = d.form_id;

ALTER TABLE dossiers
    ALTER COLUMN service_key SET NOT NULL,
    ALTER COLUMN service_title_vi SET NOT NULL,
    ALTER COLUMN service_title_en SET NOT NULL,
    ALTER COLUMN processing_days SET NOT NULL,
    DROP CONSTRAINT fk_dossiers_online_forms_form_id;

DROP INDEX ix_dossiers_form_id;

ALTER TABLE dossiers DROP COLUMN form_id, DROP COLUMN form_version;

CREATE INDEX ix_dossiers_unit_id_service_slug ON dossiers (unit_id, service_slug);
