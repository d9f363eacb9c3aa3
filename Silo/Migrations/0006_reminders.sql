-- 0006_reminders.sql: the database side of Orleans reminders on PostgreSQL
-- (Microsoft.Orleans.Reminders.AdoNet 10.4.2; ARCHITECTURE.md invariant 12).
--
-- The contract (as in 0001: Orleans runs only the query texts registered in OrleansQuery
-- under the keys below, binds @Name parameters by name and reads result columns by name,
-- case-insensitively; each query is its own autocommitted command):
-- * A reminder row is (service id, grain id as text, reminder name); StartTime is the first
--   tick (UTC), Period the interval in milliseconds (Orleans passes an integer while it fits,
--   else a bigint), GrainHash the grain's uniform hash as a signed integer (the unsigned hash
--   cast), Version the row's etag as an integer.
-- * The reminder service of each silo reads the rows of its hash range of the ring: when
--   (int)begin < (int)end, ReadRangeRows1Key (begin, end]; otherwise the range wraps and
--   ReadRangeRows2Key reads hash > begin or hash <= end. Comparisons are of the signed values,
--   exactly as Orleans compares them before choosing the key.
-- * An upsert returns the row's new version; a delete names the version it read and returns
--   1 if it removed that row, 0 if the row is gone or has changed since.

CREATE TABLE OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- The range reads of every silo's reminder service (every RefreshReminderListPeriod and on each ring change).
CREATE INDEX IX_OrleansRemindersTable_Hash ON OrleansRemindersTable (ServiceId, GrainHash);

-- Inserts the reminder or replaces its schedule; the version starts at 0 and grows by one per update.
CREATE FUNCTION orleans_reminder_upsert(
    p_service_id    text,
    p_grain_id      text,
    p_reminder_name text,
    p_start_time    timestamptz,
    p_period        bigint,
    p_grain_hash    integer)
RETURNS integer
LANGUAGE sql
AS $fn$
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (p_service_id, p_grain_id, p_reminder_name, p_start_time, p_period, p_grain_hash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = EXCLUDED.StartTime,
           Period    = EXCLUDED.Period,
           GrainHash = EXCLUDED.GrainHash,
           Version   = r.Version + 1
    RETURNING r.Version;
$fn$;

-- UpsertReminderRowKey: registers or updates one reminder.
--   in:  @ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash
--   out: one row, column Version: the row's new version (Orleans' etag).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $q$
SELECT orleans_reminder_upsert(@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash) AS Version;
$q$);

-- ReadReminderRowsKey: every reminder of one grain.
--   in:  @ServiceId, @GrainId
--   out: rows of GrainId, ReminderName, StartTime, Period, Version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$);

-- ReadReminderRowKey: one reminder of one grain.
--   in:  @ServiceId, @GrainId, @ReminderName
--   out: no row, or one row of GrainId, ReminderName, StartTime, Period, Version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$);

-- ReadRangeRows1Key: the reminders of a range of the ring that does not wrap.
--   in:  @ServiceId, @BeginHash, @EndHash (signed)
--   out: rows of GrainId, ReminderName, StartTime, Period, Version with BeginHash < GrainHash <= EndHash.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$);

-- ReadRangeRows2Key: the reminders of a range of the ring that wraps around.
--   in:  @ServiceId, @BeginHash, @EndHash (signed)
--   out: rows of GrainId, ReminderName, StartTime, Period, Version with GrainHash > BeginHash or <= EndHash.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$);

-- DeleteReminderRowKey: removes one reminder if it is still at the version the caller read.
--   in:  @ServiceId, @GrainId, @ReminderName, @Version
--   out: one row, one column: 1 = removed, 0 = nothing changed (gone, or updated since).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer FROM removed;
$q$);

-- DeleteReminderRowsKey: removes every reminder of a service (Orleans' tests and tooling).
--   in:  @ServiceId
--   out: nothing is read.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
$q$);

