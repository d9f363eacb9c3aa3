-- What the coordinators' dashboard is rebuilt from (issue 22 item 5, issue 19): tables of our own, each row
-- kept by the grain that owns it (written after every state write, repaired when the grain activates) and
-- filled once from Orleans' storage by SourcesBackfill. Every row carries the grain state's own Version:
-- an upsert with a lower version changes nothing, so a late or repeated write never goes backwards.
-- Instants are exact .NET ticks (UTC, 100 ns; to_timestamp((t - 621355968000000000) / 1e7) reads one): a dashboard
-- rebuilt from these rows equals to the last digit what the grains serve, and timestamptz keeps only microseconds.

-- The fields the dashboard shows of a person, next to their reach fields (migration 0005). NULL created_at_ticks:
-- a row written before this migration, which SourcesBackfill completes.
ALTER TABLE huu_people
    ADD COLUMN email           text NOT NULL DEFAULT '',
    ADD COLUMN first_name      text NOT NULL DEFAULT '',
    ADD COLUMN middle_name     text,
    ADD COLUMN last_name       text,
    ADD COLUMN created_at_ticks bigint,
    ADD COLUMN updated_at_ticks bigint;

-- One guest's case; case_exists = false is the deleted case's tombstone (its version keeps growing).
CREATE TABLE huu_guest_cases (
    guest_id       bigint      PRIMARY KEY,
    coordinator_id bigint      NOT NULL,
    status         text        NOT NULL,
    notes          text        NOT NULL,
    created_at_ticks bigint    NOT NULL,
    updated_at_ticks bigint    NOT NULL,
    case_exists    boolean     NOT NULL,
    version        bigint      NOT NULL
);
CREATE INDEX huu_guest_cases_coordinator ON huu_guest_cases (coordinator_id) WHERE case_exists;

-- One person's intake status (not the answers), from the first save on.
CREATE TABLE huu_intake_status (
    user_id    bigint      PRIMARY KEY,
    status     text        NOT NULL,
    updated_at_ticks bigint NOT NULL,
    version    bigint      NOT NULL
);

-- The coordinator-set steps of one person's journey.
CREATE TABLE huu_journey_steps (
    user_id            bigint  PRIMARY KEY,
    interview_complete boolean NOT NULL,
    training_complete  boolean NOT NULL,
    version            bigint  NOT NULL
);

-- One match as the dashboard needs it; live = false while a proposal is reserving or once it was undone.
CREATE TABLE huu_matches (
    match_id     bigint      PRIMARY KEY,
    guest_id     bigint      NOT NULL,
    host_id      bigint      NOT NULL,
    status       text        NOT NULL,
    live         boolean     NOT NULL,
    finalized_at_ticks bigint,
    version      bigint      NOT NULL
);
CREATE INDEX huu_matches_guest ON huu_matches (guest_id);
