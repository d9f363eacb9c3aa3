-- wrk script of bench/activity.sh's cursor rows: every request reads GET /api/coordinator/activity after its own
-- random cursor between ACTIVITY_LOW and ACTIVITY_HIGH, as many coordinators polling at different places would, so
-- nearly every page is a miss of the gateway's cache and goes to the silo's activity worker and PostgreSQL.
local low = tonumber(os.getenv("ACTIVITY_LOW"))
local high = tonumber(os.getenv("ACTIVITY_HIGH"))

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init()
  math.randomseed(seed + os.time())
end

function request()
  return wrk.format("GET", "/api/coordinator/activity?after=" .. math.random(low, high))
end
