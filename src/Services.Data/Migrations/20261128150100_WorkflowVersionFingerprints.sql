-- Version fingerprints (issue 7, ADR 0011): a published workflow version may not change shape under its instances.

CREATE TABLE workflow_versions (
    definition_name character varying(100) NOT NULL,
    version integer NOT NULL,
    fingerprint character varying(64) NOT NULL,
    first_seen_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_workflow_versions PRIMARY KEY (definition_name, version)
);
