-- The journal keeps each event's payload (the decision, its comment, the data changed), not only its digest, so the
-- record of what was decided does not live only in rows that are updated in place. Text, not jsonb: the entry's hash
-- covers these exact characters. Entries written before this migration keep a NULL payload.
ALTER TABLE workflow_journal ADD COLUMN payload text;
