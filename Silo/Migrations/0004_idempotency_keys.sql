-- Idempotency-Key (API.md "Operations"): one row per (caller, key), claimed before a creating POST runs
-- and completed with its answer after; a repeat replays the answer. Rows older than 24 h are swept.
CREATE TABLE huu_idempotency_keys (
    caller       text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    claimed_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    status       integer,
    content_type text,
    location     text,
    body         bytea,
    PRIMARY KEY (caller, key)
);
CREATE INDEX huu_idempotency_keys_claimed_at ON huu_idempotency_keys (claimed_at);
