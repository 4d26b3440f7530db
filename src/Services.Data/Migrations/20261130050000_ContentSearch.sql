-- News, documents and disclosures in the city-wide search (issue 14, ADR 0020): a change of a unit's content is
-- recorded in search_changes in the editor's own transaction. Only changes the public can see matter: an item that
-- is or was published (a draft's edits are not recorded). The search kind is the item's public section.
CREATE FUNCTION record_content_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'Published' THEN
        INSERT INTO search_changes (kind, key, unit)
        VALUES (CASE OLD.kind WHEN 'News' THEN 'tin-tuc' WHEN 'Document' THEN 'van-ban' ELSE 'cong-khai' END, OLD.id::text, OLD.unit_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'Published'
       AND (TG_OP = 'INSERT' OR OLD.status <> 'Published' OR OLD.kind <> NEW.kind) THEN
        INSERT INTO search_changes (kind, key, unit)
        VALUES (CASE NEW.kind WHEN 'News' THEN 'tin-tuc' WHEN 'Document' THEN 'van-ban' ELSE 'cong-khai' END, NEW.id::text, NEW.unit_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_change AFTER INSERT OR UPDATE OR DELETE ON content_items
    FOR EACH ROW EXECUTE FUNCTION record_content_search_change();

-- The pruning job deletes changes by age (ADR 0020, "Pruning").
CREATE INDEX ix_search_changes_changed_at ON search_changes (changed_at);

-- The highest change position ever pruned (one row): a node whose cursor lies before it rebuilds its index.
CREATE TABLE search_changes_pruned (
    id integer NOT NULL,
    transaction_id bigint NOT NULL,
    change_id bigint NOT NULL,
    pruned_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_search_changes_pruned PRIMARY KEY (id)
);
