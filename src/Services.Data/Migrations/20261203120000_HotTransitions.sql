-- A transition updates its instance in place (a HOT update, no index entry written; P3, ADR 0035): no index of
-- workflow_instances mentions current_step or updated_at, which every transition changes. The desk's index (ADR 0027)
-- holds a stored flag "waits for the applicant" instead of the step; the flag changes only on entering or leaving
-- that step. Adding a stored generated column rewrites the table once.
ALTER TABLE workflow_instances ADD COLUMN awaiting_applicant boolean NOT NULL GENERATED ALWAYS AS (current_step = 'awaiting-supplement') STORED;

DROP INDEX ix_workflow_instances_unit_id_status_current_step;
CREATE INDEX ix_workflow_instances_unit_id_status_awaiting_applicant ON workflow_instances (unit_id, status, awaiting_applicant) INCLUDE (definition_name)
    WHERE parent_instance_id IS NULL;
