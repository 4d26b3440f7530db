-- The desk with 100,000 open tasks (issue 9, P6; ADR 0027): its tab counts are read from indexes alone instead of
-- joining every open task to its dossier, and its search by a fragment of a name, phone or tracking code uses trigrams.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DROP INDEX ix_workflow_tasks_unit_id_due_at_id;
CREATE INDEX ix_workflow_tasks_unit_id_due_at_id ON workflow_tasks (unit_id, due_at, id) INCLUDE (role, definition_name, assignee_id) WHERE status = 'Open';
CREATE INDEX ix_workflow_tasks_correlation ON workflow_tasks (correlation);

CREATE INDEX ix_workflow_instances_unit_id_status_current_step ON workflow_instances (unit_id, status, current_step) INCLUDE (definition_name, updated_at)
    WHERE parent_instance_id IS NULL;

CREATE INDEX ix_dossiers_applicant_name_trgm ON dossiers USING gin (applicant_name gin_trgm_ops);
CREATE INDEX ix_dossiers_applicant_phone_trgm ON dossiers USING gin (applicant_phone gin_trgm_ops);
CREATE INDEX ix_dossiers_tracking_code_trgm ON dossiers USING gin (tracking_code gin_trgm_ops);
