-- 0001_orleans.sql: the database side of Orleans 10 (Microsoft.Orleans.*.AdoNet 10.4.2)
-- ADO.NET clustering and grain storage on PostgreSQL 15.
--
-- Applied once, in one transaction, by the project's migration runner; plain DDL,
-- no BEGIN/COMMIT here. No reminders.
--
-- The contract with Orleans:
-- * On start, Orleans reads "SELECT QueryKey, QueryText FROM OrleansQuery" and from then
--   on runs only the QueryText registered under each key it needs.
-- * The query texts use @Name placeholders. Npgsql binds them by name: strings as text,
--   int as integer, long as bigint, DateTime (always UTC) as timestamptz, byte[] as
--   bytea. A text may use only the parameters Orleans passes for its key; it need not
--   use all of them.
-- * Orleans reads result columns by name, case-insensitively, so unquoted (lower-cased)
--   PostgreSQL names work. The query comments below list the columns Orleans reads.
-- * Each query runs as its own autocommitted command, so one query is one transaction.
--   A write that returns "did not happen" must leave nothing changed.
--
-- The Orleans membership status codes used here: 3 = Active, 6 = Dead.


-- The query registry. The QueryKey names are fixed by Orleans.
CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);


------------------------------------------------------------------------------------------
-- Clustering (membership)
--
-- Orleans' DeploymentId is the ClusterId. Every cluster has one version row. Each change
-- to membership (a silo joining, changing status, being suspected) must present the
-- version it read and bumps it by one, so two silos can't both change the table from the
-- same version. Heartbeats (UpdateIAmAlivetimeKey) and cleanup don't touch the version.
-- The clustering provider refuses to start unless all the keys below are registered, except
-- CleanupDefunctSiloEntryKey. That one is optional, and Orleans 10.4 uses it when it is
-- there.
------------------------------------------------------------------------------------------

CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port and generation = start time stamp).
-- SuspectTimes is Orleans' own text format: "siloAddress,date|siloAddress,date|...".
CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150)  NOT NULL,
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer       NOT NULL DEFAULT 0,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    -- Deleting a cluster's version row deletes its silos too (DeleteMembershipTableEntriesKey).
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE
);

-- Adds a silo's row if the table is still at the expected version and the row is new, and
-- then bumps the version. Returns 1 if it did both, 0 if it did nothing.
-- The version row is locked first (FOR UPDATE), so it can't move under us; a concurrent
-- writer that got there first makes the version check fail after the lock is granted.
CREATE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0; -- stale version or unknown cluster
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0; -- the silo row already exists; nothing was changed
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END
$fn$;

-- Changes a silo's status, suspicions and heartbeat if the table is still at the expected
-- version and the row exists, and then bumps the version. Returns 1 or 0 like the insert.
CREATE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id AND Version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0; -- stale version or unknown cluster
    END IF;

    UPDATE OrleansMembershipTable
    SET Status = p_status,
        SuspectTimes = p_suspect_times,
        IAmAliveTime = p_i_am_alive
    WHERE DeploymentId = p_deployment_id
      AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0; -- no such silo row; nothing was changed
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END
$fn$;

-- InsertMembershipVersionKey: creates the cluster's version row (version 0) if missing.
--   in:  @DeploymentId
--   out: one row, one column: 1 if the row was created, 0 if it already existed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
$q$);

-- InsertMembershipKey: adds a silo (see orleans_membership_insert).
--   in:  @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
--        @ProxyPort, @StartTime, @IAmAliveTime, @Version (the table version read before)
--   out: one row, one column: 1 = inserted and version bumped, 0 = nothing changed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$);

-- UpdateMembershipKey: changes a silo's row (see orleans_membership_update).
--   in:  @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes (may be NULL),
--        @IAmAliveTime, @Version (the table version read before)
--   out: one row, one column: 1 = updated and version bumped, 0 = nothing changed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$);

-- UpdateIAmAlivetimeKey (sic: lower-case "t"): a silo's heartbeat.
--   in:  @DeploymentId, @Address, @Port, @Generation, @IAmAliveTime
--   out: nothing is read. The version is not bumped. A late heartbeat never moves the
--        time backwards.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$);

-- MembershipReadAllKey: the whole membership of a cluster.
--   in:  @DeploymentId
--   out: one row per silo with the columns DeploymentId, Address, Port, Generation,
--        SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime and
--        the table Version. With no silos yet, one row with Version and NULL silo columns
--        (Orleans takes a NULL StartTime as "no silo"). Orleans needs at least one row, so
--        the version row must exist (InsertMembershipVersionKey runs first).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
SELECT
    v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
    m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
$q$);

-- MembershipReadRowKey: one silo of a cluster, plus the table version.
--   in:  @DeploymentId, @Address, @Port, @Generation
--   out: as MembershipReadAllKey, at most the one silo; the version row comes back even
--        if the silo isn't there.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
SELECT
    v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
    m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId
      AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
$q$);

-- GatewaysQueryKey: the gateways clients may connect to.
--   in:  @DeploymentId, @Status (Orleans passes 3 = Active)
--   out: Address, ProxyPort, Generation of each silo in that status with a gateway port.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = @Status
  AND ProxyPort > 0;
$q$);

-- DeleteMembershipTableEntriesKey: forgets a whole cluster (the version row and, by the
-- cascading foreign key, all its silos).
--   in:  @DeploymentId
--   out: nothing is read.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId;
$q$);

-- CleanupDefunctSiloEntriesKey: removes silos that are Dead and have been silent since
-- before the cut-off. Required at start; Orleans 10.4 runs it only if
-- CleanupDefunctSiloEntryKey below is missing.
--   in:  @DeploymentId, @IAmAliveTime (the cut-off, UTC)
--   out: nothing is read. The version is not bumped.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status = 6
  AND IAmAliveTime < @IAmAliveTime
  AND StartTime < @IAmAliveTime;
$q$);

-- CleanupDefunctSiloEntryKey (optional; used by Orleans 10.4 when present): Orleans reads
-- the table, picks the Dead silos whose start, heartbeat and suspicion times are all
-- before the cut-off, and deletes each one with this query. The row goes only if it still
-- is exactly as Orleans read it.
--   in:  @DeploymentId, @Address, @Port, @Generation, @StartTime, @IAmAliveTime,
--        @SuspectTimes (as read; NULL and '' both mean "no suspicions")
--   out: nothing is read. The version is not bumped.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND Status = 6
  AND StartTime = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$);


------------------------------------------------------------------------------------------
-- Grain storage
--
-- One row per (service, state name, grain). Orleans 10 passes the *state name* (the
-- name in [PersistentState("name", ...)]) where the columns say "grain type", so
-- GrainTypeString holds the state name. A grain is identified by GrainIdN0/GrainIdN1
-- (its Guid or integer key) plus GrainIdExtensionString (a string key or key extension,
-- NULL if none). GrainIdHash and GrainTypeHash are hashes Orleans computes from them, used
-- to narrow lookups.
--
-- Version is the ETag. Orleans sends the version it last read (@GrainStateVersion, NULL
-- if it never saw a row). A write or clear that doesn't match changes nothing and hands
-- back a value that makes Orleans throw InconsistentStateException.
--
-- The payload is whatever the configured serializer makes. With
-- SystemTextJsonGrainStorageSerializer that is UTF-8 JSON, passed as bytes in
-- @PayloadBinary. Orleans 10 reads and writes only PayloadBinary.
-- PayloadJson is a read-only copy of it as jsonb, for people and reporting queries
-- (e.g. payloadjson->>'name'). NULL when there's no payload or it isn't valid JSON.
------------------------------------------------------------------------------------------

-- bytea holding UTF-8 JSON -> jsonb, or NULL if it isn't UTF-8 JSON (e.g. if the
-- serializer is ever switched to a binary one); it never fails, so it can't break a write.
-- Declared IMMUTABLE so that it can feed a generated column: the result depends only on
-- the bytes (the database encoding is fixed when the database is created; UTF8 assumed).
CREATE FUNCTION orleans_payload_as_jsonb(payload bytea)
RETURNS jsonb
LANGUAGE plpgsql
IMMUTABLE STRICT
AS $fn$
BEGIN
    RETURN convert_from(payload, 'UTF8')::jsonb;
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END
$fn$;

CREATE TABLE OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    PayloadJson            jsonb        GENERATED ALWAYS AS (orleans_payload_as_jsonb(PayloadBinary)) STORED,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

-- At most one row per grain state. Also the index every Orleans query looks up by. NULLS
-- NOT DISTINCT (PostgreSQL 15+) makes two rows with a NULL extension count as duplicates.
-- The insert in orleans_write_to_storage relies on this to refuse a second "first write"
-- when two activations race.
CREATE UNIQUE INDEX UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1,
                       GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

-- For the project's own reads, e.g. "every row of state name X in this service".
CREATE INDEX IX_OrleansStorage_GrainTypeString ON OrleansStorage (GrainTypeString);
CREATE INDEX IX_OrleansStorage_ServiceId_GrainTypeString ON OrleansStorage (ServiceId, GrainTypeString);

-- Writes a grain's state and returns the new version. Returning anything else means "not
-- written":
-- * p_version NULL (first write): inserts the row at version 1 and returns 1. If a row
--   already exists (another activation wrote first), changes nothing and returns NULL.
-- * p_version given: replaces the payload if the row is still at that version, and
--   returns version + 1. Otherwise (stale version or row gone) changes nothing and
--   returns p_version unchanged.
CREATE FUNCTION orleans_write_to_storage(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       text,
    p_grain_id_ext     text,
    p_service_id       text,
    p_version          integer,
    p_payload          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
             p_grain_id_ext, p_service_id, p_payload, now(), 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO v_new_version;
        RETURN v_new_version; -- NULL if the row already existed
    END IF;

    UPDATE OrleansStorage
    SET PayloadBinary = p_payload,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE GrainIdHash = p_grain_id_hash
      AND GrainTypeHash = p_grain_type_hash
      AND ServiceId = p_service_id
      AND GrainIdN0 = p_grain_id_n0
      AND GrainIdN1 = p_grain_id_n1
      AND GrainTypeString = p_grain_type
      AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
      AND Version = p_version
    RETURNING Version INTO v_new_version;
    RETURN COALESCE(v_new_version, p_version); -- unchanged version = conflict
END
$fn$;

-- ReadFromStorageKey: a grain's state.
--   in:  @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
--        @GrainIdExtensionString (may be NULL), @ServiceId
--   out: zero or one row; Orleans reads PayloadBinary and Version by name. No row = never
--        written; a row with NULL PayloadBinary = cleared (Orleans keeps its Version as
--        the ETag and treats the record as absent).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$);

-- WriteToStorageKey: writes a grain's state (see orleans_write_to_storage).
--   in:  the key parameters of ReadFromStorageKey, plus @GrainStateVersion (NULL on first
--        write) and @PayloadBinary (the serialized state)
--   out: one row; Orleans reads NewGrainStateVersion. The new version means written. The
--        version Orleans sent, or NULL, means a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
SELECT orleans_write_to_storage(
    @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary
) AS NewGrainStateVersion;
$q$);

-- ClearStorageKey: used by ClearStateAsync when DeleteStateOnClear = false. Keeps the row,
-- drops the payload and bumps the version (the ETag carries on from it).
--   in:  the key parameters of ReadFromStorageKey, plus @GrainStateVersion
--   out: Orleans reads the first column of the first row: the new version. No row
--        (stale version) means a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = now(),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
$q$);

-- DeleteStorageKey: used by ClearStateAsync when DeleteStateOnClear = true (this project's
-- setting). Deletes the row, so the next write starts again at version 1.
--   in:  the key parameters of ReadFromStorageKey, plus @GrainStateVersion
--   out: Orleans reads the first column of the first row. It must differ from the version
--        sent, so the deleted version + 1 is returned. No row (stale version) means a
--        version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
  AND GrainTypeHash = @GrainTypeHash
  AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0
  AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
$q$);
