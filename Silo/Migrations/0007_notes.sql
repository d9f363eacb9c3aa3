-- Coordinators' notes (API.md "Coordinators' workbench"): an append-only log per person, read newest first.
-- A note is inserted in the same transaction as its note_added event (huu_activity, source_key 'note:<id>').
CREATE TABLE huu_notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL,
    author_id   bigint      NOT NULL,
    author_name text        NOT NULL,
    text        text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX huu_notes_user ON huu_notes (user_id, id DESC);
