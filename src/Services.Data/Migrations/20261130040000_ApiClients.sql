-- Machine clients of the import API (issue 12, ADR 0022): OAuth 2.0 client credentials, each limited to its units and
-- scopes. Only a SHA-256 of the generated secret is kept; the secret is shown once when the client is registered.
CREATE TABLE api_clients (
    id uuid NOT NULL,
    client_id character varying(40) NOT NULL,
    name character varying(200) NOT NULL,
    secret_hash bytea NOT NULL,
    scopes text[] NOT NULL,
    unit_ids uuid[] NOT NULL,
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    deactivated_at timestamp with time zone,
    CONSTRAINT pk_api_clients PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_api_clients_client_id ON api_clients (client_id);
