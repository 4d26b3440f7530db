-- Re-grading (phúc khảo, issue 12): each exam's window and fee, the candidates' requests (one per candidate and exam)
-- and the history of changed scores the candidate sees beside the result.
ALTER TABLE exams
    ADD COLUMN regrade_until timestamp with time zone NULL,
    ADD COLUMN regrade_fee integer NOT NULL DEFAULT 0;

CREATE TABLE exam_regrades (
    dossier_id uuid NOT NULL,
    exam_id uuid NOT NULL,
    number character varying(20) NOT NULL,
    subjects jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_exam_regrades PRIMARY KEY (dossier_id),
    CONSTRAINT fk_exam_regrades_exams_exam_id FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_exam_regrades_exam_id_number ON exam_regrades (exam_id, number);

CREATE TABLE exam_score_changes (
    id uuid NOT NULL,
    exam_id uuid NOT NULL,
    number character varying(20) NOT NULL,
    subject character varying(100) NOT NULL,
    old_score numeric(5,2) NULL,
    new_score numeric(5,2) NOT NULL,
    tracking_code character varying(40) NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_exam_score_changes PRIMARY KEY (id),
    CONSTRAINT fk_exam_score_changes_exams_exam_id FOREIGN KEY (exam_id) REFERENCES exams (id) ON DELETE CASCADE
);

CREATE INDEX ix_exam_score_changes_exam_id_number ON exam_score_changes (exam_id, number);
CREATE UNIQUE INDEX ix_exam_score_changes_tracking_code_subject ON exam_score_changes (tracking_code, subject);
