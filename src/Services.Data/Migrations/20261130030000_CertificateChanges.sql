-- Certificate revocation and correction with approval (issue 12, ADR 0024): each proposal, its decision, and for an
-- applied correction the values it replaced. One proposal at a time per certificate.
CREATE TABLE certificate_changes (
    id uuid NOT NULL,
    certificate_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    reason character varying(1000) NOT NULL,
    fields jsonb NOT NULL,
    status character varying(20) NOT NULL,
    instance_id uuid NULL,
    proposed_by_id uuid NOT NULL,
    proposed_by_name character varying(200) NOT NULL,
    proposed_at timestamp with time zone NOT NULL,
    decided_by_id uuid NULL,
    decided_by_name character varying(200) NULL,
    decided_at timestamp with time zone NULL,
    decision_note character varying(1000) NULL,
    CONSTRAINT pk_certificate_changes PRIMARY KEY (id),
    CONSTRAINT fk_certificate_changes_certificates_certificate_id FOREIGN KEY (certificate_id) REFERENCES certificates (id) ON DELETE CASCADE,
    CONSTRAINT fk_certificate_changes_units_unit_id FOREIGN KEY (unit_id) REFERENCES units (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_certificate_changes_pending ON certificate_changes (certificate_id) WHERE status = 'Pending';
CREATE INDEX ix_certificate_changes_unit_id_proposed_at ON certificate_changes (unit_id, proposed_at);
