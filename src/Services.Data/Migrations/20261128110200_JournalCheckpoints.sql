-- A global chain over the journal (ADR 0007). Each entry records the id of the transaction that wrote it; a checkpoint
-- seals the entries of every transaction below the oldest one still running, so an entry committed late can never
-- fall between two checkpoints. Existing entries take this migration's transaction id and go into the first one.
ALTER TABLE workflow_journal ADD COLUMN xact_id bigint NOT NULL DEFAULT ((pg_current_xact_id())::text::bigint);

CREATE INDEX ix_workflow_journal_xact_id ON workflow_journal (xact_id);

CREATE TABLE journal_checkpoints (
    seq integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    xact_from bigint NOT NULL,
    xact_to bigint NOT NULL,
    entries integer NOT NULL,
    merkle_root character varying(64) NOT NULL,
    prev_hash character varying(64) NOT NULL,
    hash character varying(64) NOT NULL,
    algorithm character varying(20) NOT NULL,
    key_id character varying(64) NOT NULL,
    signature character varying(200) NOT NULL,
    leaves bytea NOT NULL,
    CONSTRAINT pk_journal_checkpoints PRIMARY KEY (seq)
);

CREATE TRIGGER journal_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON journal_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_change_append_only();

CREATE TRIGGER journal_checkpoints_no_truncate BEFORE TRUNCATE ON journal_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_append_only();
