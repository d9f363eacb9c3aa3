-- Orleans' one-grain read (ReadFromStorageKey) must always take UX_OrleansStorage_Grain. It used to have a rival:
-- IX_OrleansStorage_ServiceId_GrainTypeString (and IX_OrleansStorage_GrainTypeString) matched two of the read's
-- equalities too, and where PostgreSQL had no statistics of a state name yet (a fresh database, or a state name that
-- grew since the last ANALYZE) both indexes were estimated at one row and the planner could pick the rival: the read of
-- a grain that is not stored yet (every new housing org) then scanned every row of its state name (bench/write-cost.sh:
-- 226 blocks, 2.3 ms of PostgreSQL per create with ~3,000 orgs, against 2 blocks). The reads of every state of one name
-- (GrainStateReader: start-up backfill, sweeps, the org registry's activation) now use an index on an expression that
-- the Orleans read never states, so it cannot be chosen for it.
DROP INDEX IF EXISTS IX_OrleansStorage_GrainTypeString;
DROP INDEX IF EXISTS IX_OrleansStorage_ServiceId_GrainTypeString;
CREATE INDEX IX_OrleansStorage_StateName ON OrleansStorage ((ServiceId || '/' || GrainTypeString));
