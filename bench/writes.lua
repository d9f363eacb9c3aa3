-- wrk script of bench/api.sh's write routes: every request has its own body (a counter per thread),
-- so each one is a real change (a new org name, a new answer, a new scheduled time) and never a no-op.
--   WRITE_KIND   create | create-key | update | intake | step
--   WRITE_TAG    unique per wrk run (names and keys never repeat across runs)
--   WRITE_PATH   the route's path (update: the org ids are taken from WRITE_ORG_IDS, comma-separated)
--   WRITE_AUTH   the Authorization header's value
--   WRITE_PACE_MS  0 (default): each connection sends its next request as soon as it has its answer (a closed loop
--                  that saturates the machine); P > 0: each connection waits a random 0..2P ms (P on average) after
--                  each answer, so the load is at most about connections x 1000 / P requests a second and arrives
--                  spread out (a fixed wait would keep the connections in step: bursts of all of them at once)
-- create-key sends a fresh Idempotency-Key with every request.
local kind = os.getenv("WRITE_KIND")
local tag = os.getenv("WRITE_TAG")
local path = os.getenv("WRITE_PATH")
local auth = os.getenv("WRITE_AUTH")
local org_ids = {}
for id in string.gmatch(os.getenv("WRITE_ORG_IDS") or "", "[^,]+") do
  org_ids[#org_ids + 1] = id
end

local pace = tonumber(os.getenv("WRITE_PACE_MS") or "0")
if pace > 0 then
  -- wrk calls delay() before each request: the wait is not in the latencies it reports.
  function delay()
    return math.random(0, 2 * pace)
  end
end

local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

function init(args)
  math.randomseed(thread_id * 7919 + tonumber(string.sub(tag, -6)))
end

local counter = 0
local base_time = 1830297600 -- 2028-01-01T00:00:00Z

function request()
  counter = counter + 1
  local me = tag .. "-" .. thread_id .. "-" .. counter
  local headers = { ["Authorization"] = auth, ["Content-Type"] = "application/json" }
  if kind == "create" or kind == "create-key" then
    if kind == "create-key" then headers["Idempotency-Key"] = "bench-" .. me end
    return wrk.format("POST", path, headers, '{"org_name":"Bench created ' .. me .. '"}')
  elseif kind == "update" then
    local id = org_ids[(counter + thread_id) % #org_ids + 1]
    return wrk.format("PUT", path .. "/" .. id, headers, '{"org_name":"Bench renamed ' .. me .. '"}')
  elseif kind == "intake" then
    return wrk.format("PUT", path, headers,
      '{"responses":[{"fieldId":"first_name","value":"Lee ' .. me .. '"},{"fieldId":"household_drinks_alcohol","value":"'
      .. (counter % 2 == 0 and "yes" or "no") .. '"}]}')
  elseif kind == "step" then
    local at = os.date("!%Y-%m-%dT%H:%M:%SZ", base_time + thread_id * 10000000 + counter)
    return wrk.format("POST", path, headers, '{"scheduledAt":"' .. at .. '"}')
  end
  error("unknown WRITE_KIND " .. tostring(kind))
end
