-- Retention of personal data (issue 10, finding 9, ADR 0012): a submitted draft is marked, so its token opens only
-- the confirmation for a short while; a dossier whose personal data the retention sweep removed says when.

ALTER TABLE dossier_drafts ADD submitted_at timestamp with time zone NULL;
ALTER TABLE dossiers ADD personal_data_removed_at timestamp with time zone NULL;
