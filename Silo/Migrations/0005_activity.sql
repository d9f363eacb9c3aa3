-- Coordinators' workbench (API.md "Coordinators' workbench", ARCHITECTURE.md invariants 10 and 11).

-- Who each person is as far as reach goes, kept by the person's user grain: written after every change
-- of the user's state and repaired when the grain activates. `moving` is set before a membership change
-- is written and cleared after: while it is set, only admins (and the person) read the person's events,
-- so a crash in the middle never shows a person to an org they are not (or no longer) in.
CREATE TABLE huu_people (
    user_id        bigint  PRIMARY KEY,
    role           text    NOT NULL,
    housing_org_id bigint,
    lead           boolean NOT NULL DEFAULT false,
    full_name      text    NOT NULL DEFAULT '',
    active         boolean NOT NULL DEFAULT true,
    moving         boolean NOT NULL DEFAULT false,
    version        bigint  NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX huu_people_housing_org ON huu_people (housing_org_id);
CREATE INDEX huu_people_moving ON huu_people (updated_at) WHERE moving;

-- The activity list: one row per acknowledged change. `id` is the cursor: rows are inserted under one
-- transaction-scoped advisory lock (ActivityStore), so ids become visible in increasing order and a reader
-- that has seen id N never later finds a smaller one. `source_key` names the change that made the event
-- (a grain's staged event id, a note id, a reminder's firing): inserting it twice keeps one row.
CREATE TABLE huu_activity (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type           text        NOT NULL,
    at             timestamptz NOT NULL,
    user_id        bigint      NOT NULL,
    actor_id       bigint,
    housing_org_id bigint,
    details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    source_key     text        NOT NULL UNIQUE
);
CREATE INDEX huu_activity_user ON huu_activity (user_id, id);

-- Events staged by a grain before the state write that makes them true, moved into huu_activity after it
-- (or by recovery, when the grain's stored state shows the write happened; deleted when it shows it did not).
CREATE TABLE huu_activity_outbox (
    event_id       uuid        PRIMARY KEY,
    source         text        NOT NULL,
    source_id      text        NOT NULL,
    type           text        NOT NULL,
    at             timestamptz NOT NULL,
    user_id        bigint      NOT NULL,
    actor_id       bigint,
    housing_org_id bigint,
    details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    staged_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX huu_activity_outbox_staged ON huu_activity_outbox (staged_at);
