-- Digital resources (học liệu số) are content items of their own kind, searchable under their section hoc-lieu.
CREATE OR REPLACE FUNCTION record_content_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'Published' THEN
        INSERT INTO search_changes (kind, key, unit)
        VALUES (CASE OLD.kind WHEN 'News' THEN 'tin-tuc' WHEN 'Document' THEN 'van-ban' WHEN 'Resource' THEN 'hoc-lieu' ELSE 'cong-khai' END,
                OLD.id::text, OLD.unit_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'Published'
       AND (TG_OP = 'INSERT' OR OLD.status <> 'Published' OR OLD.kind <> NEW.kind) THEN
        INSERT INTO search_changes (kind, key, unit)
        VALUES (CASE NEW.kind WHEN 'News' THEN 'tin-tuc' WHEN 'Document' THEN 'van-ban' WHEN 'Resource' THEN 'hoc-lieu' ELSE 'cong-khai' END,
                NEW.id::text, NEW.unit_id);
    END IF;
    RETURN NULL;
END;
$$;
