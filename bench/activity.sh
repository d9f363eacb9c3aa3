#!/usr/bin/env bash
# Usage: bench/activity.sh [EVENTS]        (default: 100000)
#
# Benchmarks GET /api/coordinator/activity on a fresh local stack holding EVENTS kept events:
#   1. dotnet build HomeUniteUs.sln -c Release                         (log .bench/build.log)
#   2. PostgreSQL (scripts/pg-up.sh .bench, database huu recreated empty), moto and a fresh
#      Cognito pool; one silo and the gateway on free loopback ports, HUU_ENVIRONMENT=development
#      (the seeded users and the two demo orgs), LOG_LEVEL=WARNING    (logs .bench/*.log)
#   3. EVENTS rows inserted into huu_activity in one transaction that takes the insert advisory lock
#      (ActivityStore.InsertLock, as every writer does), about the people of huu_people in turn, so a
#      coordinator of a demo org reaches some of them and an admin all; then ANALYZE.
#   4. wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION --latency, 3 runs each (medians of
#      req/s, p50 and p99), as coordinator.spy@example.com and as admin@example.com, of
#        - GET /api/coordinator/activity?after=<newest - 200>   (a poll after a recent cursor, limit 100)
#        - GET /api/coordinator/activity                         (no cursor: the last 50)
# Everything it starts is stopped on exit (also on Ctrl-C). Servers listen on 127.0.0.1 only.
#
# Environment: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
# BENCH_TELEMETRY (off; on = OTLP export to a local sink, see bench/telemetry-switch.sh).
# stdout: one table. Progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
# shellcheck source=bench/telemetry-switch.sh
. bench/telemetry-switch.sh

events="${1:-100000}"
[[ "$events" =~ ^[1-9][0-9]*$ ]] || die "the number of events is a positive integer, not '$events'"
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-32}"
threads="${BENCH_THREADS:-2}"
work="$root/.bench"
silo_dll="Silo/bin/Release/net10.0/Silo.dll"
gateway_dll="WebGateway/bin/Release/net10.0/WebGateway.dll"

mkdir -p "$work"
exec 8>"$work/bench.lock"
flock -n 8 || die "another benchmark is running from $work"

ensure_dotnet
if ! command -v wrk >/dev/null 2>&1; then apt_get_install wrk; fi
command -v curl >/dev/null 2>&1 || apt_get_install curl

silo_pid=""
gateway_pid=""
services_started=0

cleanup() {
  local rc=$?
  trap '' INT TERM
  trap - EXIT
  stop_process gateway "$gateway_pid"
  stop_process silo "$silo_pid"
  telemetry_stop
  if [ "$services_started" = 1 ]; then
    scripts/moto-down.sh "$work" 8>&- || true
    scripts/pg-down.sh "$work" 8>&- || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building: dotnet build HomeUniteUs.sln -c Release (log .bench/build.log)"
if ! dotnet build HomeUniteUs.sln -c Release >"$work/build.log" 2>&1 8>&-; then
  show_tail "$work/build.log"
  die "the build failed (see .bench/build.log)"
fi

services_started=1
database_url="$(scripts/pg-up.sh "$work" 8>&-)"
database_url="${database_url#DATABASE_URL=}"
pg_port="$(cat "$work/pg.port")"
insert_lock=$((0x485555414354)) # ActivityStore.InsertLock
psql_huu() { PGPASSWORD=huu "$HUU_PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U huu "$@"; }
psql_huu -d postgres -c 'DROP DATABASE IF EXISTS huu WITH (FORCE)' -c 'CREATE DATABASE huu OWNER huu' >&2
moto_url="$(scripts/moto-up.sh "$work" 8>&-)"
moto_url="${moto_url#MOTO_URL=}"
cognito="$(scripts/cognito-pool.sh "$moto_url" 8>&-)"

http_port="$(free_port)"
api="http://127.0.0.1:$http_port"
export DATABASE_URL="$database_url" HUU_ENVIRONMENT=development LOG_LEVEL=WARNING ROOT_URL="$api" \
  ASPNETCORE_URLS="$api" ORLEANS_CLUSTER_ID="bench" ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)"
while IFS= read -r line; do
  case "$line" in COGNITO_*=*) export "${line%%=*}=${line#*=}" ;; esac
done <<<"$cognito"

telemetry_switch "$work"
log "starting the silo and the gateway on $api (logs .bench/silo.log, .bench/gateway.log)"
setsid dotnet "$silo_dll" </dev/null >"$work/silo.log" 2>&1 8>&- &
silo_pid=$!
setsid dotnet "$gateway_dll" </dev/null >"$work/gateway.log" 2>&1 8>&- &
gateway_pid=$!

# Ready, and the development users seeded (the admin signs in).
deadline=$((SECONDS + 180))
token=""
while [ -z "$token" ]; do
  [ "$SECONDS" -lt "$deadline" ] || { show_tail "$work/silo.log" "$work/gateway.log"; die "the stack was not ready in 180 s"; }
  kill -0 "$silo_pid" 2>/dev/null || { show_tail "$work/silo.log"; die "the silo exited"; }
  kill -0 "$gateway_pid" 2>/dev/null || { show_tail "$work/gateway.log"; die "the gateway exited"; }
  token="$(curl -s -m 10 -X POST -H 'Content-Type: application/json' \
    -d '{"email":"admin@example.com","password":"Test123!"}' "$api/api/auth/signin" |
    python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("token",""))
except Exception: print("")' || true)"
  [ -n "$token" ] || sleep 1
done
# wrk's summary -> "req/s p50_ms p99_ms"
wrk_run() { # URL HEADERS...
  local url="$1" args=() h
  shift
  for h in "$@"; do args+=(-H "$h"); done
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "${args[@]}" "$url" 8>&- | tee -a "$work/wrk.log" | awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }'
}

log "stack ready; the admin is signed in"

signin() { # EMAIL -> token, or nothing
  curl -s -m 10 -X POST -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"Test123!\"}" "$api/api/auth/signin" |
    python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("token",""))
except Exception: print("")' || true
}
# The demo orgs are seeded after the admin: wait for their coordinator too.
coordinator_token=""
while [ -z "$coordinator_token" ]; do
  [ "$SECONDS" -lt "$deadline" ] || { show_tail "$work/silo.log"; die "coordinator.spy@example.com could not sign in within 180 s"; }
  coordinator_token="$(signin coordinator.spy@example.com)"
  [ -n "$coordinator_token" ] || sleep 1
done

log "inserting $events events into huu_activity under the insert lock"
psql_huu -d huu <<SQL
BEGIN;
SELECT pg_advisory_xact_lock(${insert_lock});
WITH people AS (SELECT user_id, housing_org_id, row_number() OVER (ORDER BY user_id) - 1 AS n, count(*) OVER () AS total FROM huu_people)
INSERT INTO huu_activity (type, at, user_id, actor_id, housing_org_id, details, source_key)
SELECT (ARRAY['signed_up','intake_submitted','step_completed','match_proposed','membership_changed'])[1 + i % 5],
       now() - make_interval(secs => $events - i), p.user_id, NULL, p.housing_org_id,
       jsonb_build_object('key', 'coordinator_interview', 'scheduledAt', NULL), 'bench:' || i
  FROM generate_series(1, $events) AS i
  JOIN people p ON p.n = i % p.total;
COMMIT;
ANALYZE huu_activity;
ANALYZE huu_people;
SQL
kept="$(psql_huu -d huu -c 'SELECT count(*) FROM huu_activity')"
newest="$(psql_huu -d huu -c 'SELECT max(id) FROM huu_activity')"
people="$(psql_huu -d huu -c 'SELECT count(*) FROM huu_people')"
log "$kept events kept (newest id $newest) about $people people"

activity="$api/api/coordinator/activity"
recent="$activity?after=$((newest - 200))"
for url in "$recent" "$activity"; do
  for bearer in "$coordinator_token" "$token"; do
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $bearer" "$url")"
    [ "$status" = 200 ] || die "GET $url answered $status"
  done
done
coordinator_sees="$(curl -s -H "Authorization: Bearer $coordinator_token" "$recent" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')"
admin_sees="$(curl -s -H "Authorization: Bearer $token" "$recent" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Three wrk runs -> "req/s p50_ms p99_ms", each the median of the three.
measure() { # URL TOKEN
  local runs=() i
  for i in 1 2 3; do runs+=("$(wrk_run "$1" "Authorization: Bearer $2")"); done
  printf '%s %s %s\n' \
    "$(printf '%s\n' "${runs[@]}" | awk '{ print $1 }' | median)" \
    "$(printf '%s\n' "${runs[@]}" | awk '{ print $2 }' | median)" \
    "$(printf '%s\n' "${runs[@]}" | awk '{ print $3 }' | median)"
}

results=()
for case in "coordinator|after=newest-200 ($coordinator_sees events)|$recent|$coordinator_token" \
            "admin|after=newest-200 ($admin_sees events)|$recent|$token" \
            "coordinator|no cursor (last 50)|$activity|$coordinator_token" \
            "admin|no cursor (last 50)|$activity|$token"; do
  IFS='|' read -r who what url bearer <<<"$case"
  log "wrk: $who, $what (3 runs of $duration)"
  read -r rps p50 p99 < <(measure "$url" "$bearer")
  results+=("$(printf '%-12s %-32s | %7s %7s %7s' "$who" "$what" "$rps" "$p50" "$p99")")
done

load_average="$(cut -d' ' -f1-3 /proc/loadavg)"
cat <<EOF

Activity benchmark: $kept kept events about $people people; wrk -t$threads -c$connections -d$duration on loopback, medians of 3 runs;
$(nproc) cores shared by wrk, the gateway, the silo and PostgreSQL (load average at the end: $load_average).
reader       page                             |   req/s  p50 ms  p99 ms
EOF
for line in "${results[@]}"; do echo "$line"; done
