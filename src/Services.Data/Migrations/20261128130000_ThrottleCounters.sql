-- Rate limits and failure counters shared by every web node (security finding 2 and 8, ADR 0009).
CREATE TABLE throttle_counters (
    key character varying(300) NOT NULL,
    hits integer NOT NULL,
    window_ends_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_throttle_counters PRIMARY KEY (key)
);

CREATE INDEX ix_throttle_counters_window_ends_at ON throttle_counters (window_ends_at);
