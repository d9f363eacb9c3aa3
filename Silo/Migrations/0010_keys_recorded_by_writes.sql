-- Idempotency-Keys recorded by the create's own write (POST /api/housing-orgs): the registry puts the request's key in
-- the new org's first state row (its JSON has "CreatedWithKey": {"Caller", "Key", "RequestHash"}), and this trigger
-- stores the key, completed, in the same statement: the org and its key commit together or not at all, with no round
-- trip of their own. A key that is already held (and not expired) fails the insert with a unique violation of
-- huu_idempotency_keys_pkey, so nothing is created; the registry then reads the row (another request of this caller
-- used the key: 422, or this request ran before: its answer again). created_id is the id the request created (or, for
-- an answer that created nothing, the id it pointed at): a replay renders the answer from it and the request's own
-- body, which the key's request hash binds.
ALTER TABLE huu_idempotency_keys ADD COLUMN created_id bigint;

-- Stores a key, completed with an answer (status, created id), unless a row that is not expired (24 h: C#'s
-- IdempotencyKeys.Retention) holds it; true when stored. The one rule for both ways a create records its key: the
-- trigger below, and the registry when its answer creates nothing (KeysRecordedByWrites.RecordOrFind).
CREATE FUNCTION huu_record_key(p_caller text, p_key text, p_hash text, p_status integer, p_created_id bigint)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    INSERT INTO huu_idempotency_keys AS held (caller, key, request_hash, claimed_at, completed_at, status, created_id)
    VALUES (p_caller, p_key, p_hash, now(), now(), p_status, p_created_id)
    ON CONFLICT (caller, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, claimed_at = EXCLUDED.claimed_at, completed_at = EXCLUDED.completed_at,
           status = EXCLUDED.status, content_type = NULL, location = NULL, body = NULL, created_id = EXCLUDED.created_id
     WHERE held.claimed_at < now() - interval '24 hours';
    RETURN FOUND;
END
$fn$;

CREATE FUNCTION huu_record_creating_key() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    k jsonb := NEW.payloadjson -> 'CreatedWithKey';
BEGIN
    IF NOT huu_record_key(k ->> 'Caller', k ->> 'Key', k ->> 'RequestHash', 201, (NEW.payloadjson ->> 'Id')::bigint) THEN
        RAISE unique_violation USING MESSAGE = 'Idempotency-Key already held', CONSTRAINT = 'huu_idempotency_keys_pkey';
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER huu_record_creating_key AFTER INSERT ON OrleansStorage
    FOR EACH ROW WHEN (jsonb_typeof(NEW.PayloadJson -> 'CreatedWithKey') = 'object')
    EXECUTE FUNCTION huu_record_creating_key();

-- Every create with a key now inserts a row here in its own statement: the sweep's index on claimed_at becomes a BRIN
-- (rows arrive in claimed_at order, so block ranges summarize them tightly), which an insert updates only when its
-- block range's summary widens, instead of a B-tree entry per key.
DROP INDEX huu_idempotency_keys_claimed_at;
CREATE INDEX huu_idempotency_keys_claimed_at ON huu_idempotency_keys USING brin (claimed_at);
