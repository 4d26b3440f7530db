-- One trigger function marks every append-only table (the journal now, its checkpoints next). The migrate verb reads
-- these triggers to decide what the application's role may only INSERT and SELECT (see AppRoleRights), so a new
-- append-only table is covered by adding its triggers, nothing else.
CREATE FUNCTION refuse_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER workflow_journal_no_update_or_delete ON workflow_journal;
DROP TRIGGER workflow_journal_no_truncate ON workflow_journal;
DROP FUNCTION workflow_journal_refuse_change();

CREATE TRIGGER workflow_journal_no_update_or_delete BEFORE UPDATE OR DELETE ON workflow_journal
    FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();

CREATE TRIGGER workflow_journal_no_truncate BEFORE TRUNCATE ON workflow_journal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
