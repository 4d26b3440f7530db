-- The operations console (issue 7): a dead letter discarded by an operator, with the reason and who decided.

CREATE TABLE outbox_discards (
    message_id uuid NOT NULL,
    reason character varying(500) NOT NULL,
    discarded_by character varying(200) NOT NULL,
    discarded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_outbox_discards PRIMARY KEY (message_id),
    CONSTRAINT fk_outbox_discards_outbox_messages_message_id FOREIGN KEY (message_id) REFERENCES outbox_messages (id) ON DELETE CASCADE
);
