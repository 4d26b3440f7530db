-- Child workflows (issue 7, ADR 0011): an instance started from a step of another, which waits for its outcome.
-- No foreign key on purpose: parent and child each change under their own row lock, and a key check from one to the
-- other would make the two transactions wait on each other. A parent is never deleted while a child needs it
-- (retention removes personal data, not instances).

ALTER TABLE workflow_instances
    ADD COLUMN parent_instance_id uuid NULL,
    ADD COLUMN parent_step character varying(100) NULL;

CREATE INDEX ix_workflow_instances_parent_instance_id ON workflow_instances (parent_instance_id);
