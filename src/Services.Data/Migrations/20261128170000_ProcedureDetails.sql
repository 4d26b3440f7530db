-- What every Vietnamese procedure page shows and the catalogue lacked (issue 9, item 5): who may apply, the deciding
-- body, the result, the conditions and how many sets of the dossier. Existing rows get empty texts (the page says
-- "not yet given") and one set, then the defaults go: the model has none.
ALTER TABLE procedures
    ADD COLUMN dossier_sets integer NOT NULL DEFAULT 1,
    ADD COLUMN applicants_vi character varying(1000) NOT NULL DEFAULT '',
    ADD COLUMN agency_vi character varying(1000) NOT NULL DEFAULT '',
    ADD COLUMN result_vi character varying(1000) NOT NULL DEFAULT '',
    ADD COLUMN requirements_vi character varying(4000) NOT NULL DEFAULT '';

ALTER TABLE procedures
    ALTER COLUMN dossier_sets DROP DEFAULT,
    ALTER COLUMN applicants_vi DROP DEFAULT,
    ALTER COLUMN agency_vi DROP DEFAULT,
    ALTER COLUMN result_vi DROP DEFAULT,
    ALTER COLUMN requirements_vi DROP DEFAULT;

-- The demo city's first-grade admission linked to an online service that was never built (item 2): a link that
-- resolves to no published form of the unit is removed, and the procedure is shown as done in person.
UPDATE procedures p
SET online_service_slug = NULL, level = 'Offline'
WHERE p.online_service_slug = 'tuyen-sinh'
  AND NOT EXISTS (SELECT 1 FROM online_forms f WHERE f.unit_id = p.unit_id AND f.slug = p.online_service_slug AND f.status = 'Published');

-- One name per service (item 7): the demo leave form was "Đơn xin nghỉ học" on its own pages and "Xin nghỉ học" in the
-- catalogue; it takes the catalogue's name where it still has the seeded one.
UPDATE online_forms SET title_vi = 'Xin nghỉ học' WHERE slug = 'xin-nghi-hoc' AND title_vi = 'Đơn xin nghỉ học';
