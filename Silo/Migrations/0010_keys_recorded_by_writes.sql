-- Idempotency-Keys recorded by the create's own write (POST /api/housing-orgs): the registry puts the request's key in
-- the new org's first state row (its JSON has "CreatedWithKey": {"Caller", "Key", "RequestHash"}), and this trigger
-- stores the key, completed, in the same statement: the org and its key commit together or not at all, with no round
-- trip of their own. A key that is already held (and not expired) fails the insert with a unique violation of
-- huu_idempotency_keys_pkey, so nothing is created; the registry then reads the row (another request of this caller
-- used the key: 422, or this request ran before: its answer again). created_id is the id the request created (or, for
-- an answer that created nothing, the id it pointed at): a replay renders the answer from it and the request's own
-- body, which the key's request hash binds.
ALTER TABLE huu_idempotency_keys ADD COLUMN created_id bigint;

CREATE FUNCTION huu_record_creating_key() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
    k jsonb := NEW.payloadjson -> 'CreatedWithKey';
BEGIN
    INSERT INTO huu_idempotency_keys AS held (caller, key, request_hash, claimed_at, completed_at, status, created_id)
    VALUES (k ->> 'Caller', k ->> 'Key', k ->> 'RequestHash', now(), now(), 201, (NEW.payloadjson ->> 'Id')::bigint)
    ON CONFLICT (caller, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, claimed_at = EXCLUDED.claimed_at, completed_at = EXCLUDED.completed_at,
           status = EXCLUDED.status, content_type = NULL, location = NULL, body = NULL, created_id = EXCLUDED.created_id
     WHERE held.claimed_at < now() - interval '24 hours';
    IF NOT FOUND THEN
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
