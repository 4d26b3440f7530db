-- The desk's open tasks of a unit in due order (issue 9, P6 in bench/Desk.Bench): a page is read from this index and
-- stops after its rows. The (unit_id, role, status, due_at) index cannot give that order for a list of roles
-- (role = ANY(...)), so with 100,000 open tasks PostgreSQL read and sorted them all for every page.
CREATE INDEX ix_workflow_tasks_unit_id_due_at_id ON workflow_tasks (unit_id, due_at, id) WHERE status = 'Open';
