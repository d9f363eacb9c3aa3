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
#      and the CPU time per request of the gateway, the silo and PostgreSQL (all its processes) over the 3 runs
#      (/proc utime+stime); then the same at -c$BENCH_LOW_CONNECTIONS (default 4: latency where the 2 cores are
#      not saturated; the c32 rows are the main figure). The gateway answers a repeated page from memory until events
#      are committed (ActivityReadCache), so each count also has a row with churn: the coordinator's poll after a
#      recent cursor while a note about one of their people is added every BENCH_CHURN_MS (default 100; 0 = no such
#      rows) by a curl loop, each note dropping every cached page (how many notes were added is printed). And as the
#      coordinator and as the admin, each request after its own random cursor (bench/activity-cursors.lua): nearly
#      every page misses the cache, so those rows measure the silo's activity worker and PostgreSQL.
# Everything it starts is stopped on exit (also on Ctrl-C). Servers listen on 127.0.0.1 only.
#
# Environment: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_LOW_CONNECTIONS (4;
# 0 = no low-concurrency rows), BENCH_TELEMETRY (off; on = OTLP export to a local sink, see bench/telemetry-switch.sh).
# stdout: one table. Progress goes to stderr.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): BENCH_DURATION=1s bench/activity.sh 1000
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

events="${1:-100000}"
bench_positive "the number of events" "$events"
bench_wrk_settings
low_connections="${BENCH_LOW_CONNECTIONS:-4}"
churn_ms="${BENCH_CHURN_MS:-100}"
[ "$churn_ms" = 0 ] || bench_positive "BENCH_CHURN_MS" "$churn_ms"
[ "$low_connections" = 0 ] || bench_positive "BENCH_LOW_CONNECTIONS" "$low_connections"
bench_init "$root/.bench" wrk curl
bench_build
bench_services_up
insert_lock=$((0x485555414354)) # ActivityStore.InsertLock
telemetry_switch "$bench_work"
bench_start_stack 1 1
api="$bench_api"
# Ready, and the development users seeded (the admin signs in); the demo orgs are seeded after
# the admin: wait for their coordinator too.
token="$(bench_wait_signin admin@example.com)"
log "stack ready; the admin is signed in"
coordinator_token="$(bench_wait_signin coordinator.spy@example.com)"

log "inserting $events events into huu_activity under the insert lock"
bench_psql -d huu <<SQL
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
kept="$(bench_psql -d huu -c 'SELECT count(*) FROM huu_activity')"
newest="$(bench_psql -d huu -c 'SELECT max(id) FROM huu_activity')"
people="$(bench_psql -d huu -c 'SELECT count(*) FROM huu_people')"
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

# CPU ticks (user + system) of a process; of PostgreSQL: the postmaster and all its children.
postmaster_pid="$(head -n 1 "$bench_work/pgdata/postmaster.pid")"
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_ticks() { # -> "gateway silo pg"
  local pg=0 pid
  for pid in "$postmaster_pid" $(pgrep -P "$postmaster_pid" || true); do pg=$((pg + $(ticks_of "$pid"))); done
  echo "$(ticks_of "${bench_pids[gateway]}") $(ticks_of "${bench_pids[silo]}") $pg"
}
ticks_per_second="$(getconf CLK_TCK)"

# bench_wrk3 of URL as TOKEN -> "req/s p50_ms p99_ms gateway_us silo_us pg_us": the medians of its three runs and the
# CPU microseconds per request of each process over the three runs together.
measure() { # URL TOKEN
  local before after rps p50 p99 requests
  before="$(cpu_ticks)"
  read -r rps p50 p99 _ requests < <(bench_wrk3 "$1" "Authorization: Bearer $2")
  after="$(cpu_ticks)"
  printf '%s %s %s %s\n' "$rps" "$p50" "$p99" "$(awk -v b="$before" -v a="$after" -v n="$requests" -v hz="$ticks_per_second" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    for (i = 1; i <= 3; i++) printf "%s%.0f", (i > 1 ? " " : ""), n ? (y[i] - x[i]) * 1000000 / hz / n : 0 }')"
}

# A person the coordinator reaches (their org), for the notes of the churn rows.
noted="$(bench_psql -d huu -c "SELECT p.user_id FROM huu_people p JOIN huu_people c ON c.email = 'coordinator.spy@example.com'
  WHERE p.housing_org_id = c.housing_org_id AND p.role = 'guest' ORDER BY p.user_id LIMIT 1")"
[ -n "$noted" ] || die "no guest in coordinator.spy@example.com's org to write notes about"
notes_added=0
churn_pid=""
churn_start() { # a note every $churn_ms ms until churn_stop; counts into $bench_work/churn.count
  : >"$bench_work/churn.count"
  (
    while kill -0 "$$" 2>/dev/null; do # ends with the script, whatever stops it
      curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"text":"bench churn"}' "$api/api/users/$noted/notes" >>"$bench_work/churn.count"
      sleep "$(awk -v ms="$churn_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    done
  ) &
  churn_pid=$!
}
churn_stop() {
  kill "$churn_pid" 2>/dev/null || true
  wait "$churn_pid" 2>/dev/null || true
  churn_pid=""
  notes_added=$((notes_added + $(grep -c '^201$' "$bench_work/churn.count" || true)))
  ! grep -qv '^201$' "$bench_work/churn.count" || die "a churn note was not created: $(sort "$bench_work/churn.count" | uniq -c | tr '\n' ' ')"
}

cases=("coordinator|after=newest-200 ($coordinator_sees events)|$recent|$coordinator_token"
  "admin|after=newest-200 ($admin_sees events)|$recent|$token"
  "coordinator|no cursor (last 50)|$activity|$coordinator_token"
  "admin|no cursor (last 50)|$activity|$token")
[ "$churn_ms" = 0 ] || cases+=("coordinator|after=newest-200, note/${churn_ms}ms|$recent|$coordinator_token|churn")
# Every request after its own random cursor among the kept events (bench/activity-cursors.lua): nearly every page misses
# the gateway's cache, so these rows measure the silo's activity worker and PostgreSQL, many readers at once.
export ACTIVITY_LOW=$((newest - kept)) ACTIVITY_HIGH="$newest"
cases+=("coordinator|after=random (a miss each)|$activity|$coordinator_token||$root/bench/activity-cursors.lua"
  "admin|after=random (a miss each)|$activity|$token||$root/bench/activity-cursors.lua")
main_connections="$connections"
results=()
for concurrency in "$main_connections" $([ "$low_connections" = 0 ] || echo "$low_connections"); do
  connections="$concurrency"
  [ "$threads" -le "$connections" ] || threads="$connections"
  for case in "${cases[@]}"; do
    IFS='|' read -r who what url bearer churn script <<<"$case"
    log "wrk -c$connections: $who, $what (3 runs of $duration)"
    [ -z "$churn" ] || churn_start
    read -r rps p50 p99 gateway_us silo_us pg_us < <(BENCH_WRK_SCRIPT="$script" measure "$url" "$bearer")
    [ -z "$churn" ] || churn_stop
    results+=("$(printf 'c%-4s %-12s %-32s | %7s %7s %7s | %7s %7s %7s' "$connections" "$who" "$what" "$rps" "$p50" "$p99" "$gateway_us" "$silo_us" "$pg_us")")
  done
done

load_average="$(cut -d' ' -f1-3 /proc/loadavg)"
cat <<EOF

Activity benchmark: $kept kept events about $people people; wrk -t$threads -cN -d$duration on loopback (N = the
first column; c$main_connections is the main figure), medians of 3 runs; CPU = microseconds of CPU time per request of each
process over the 3 runs (pg = all PostgreSQL processes); $(nproc) cores shared by wrk, the gateway, the silo and PostgreSQL
(load average at the end: $load_average).
conns reader       page                             |   req/s  p50 ms  p99 ms | gateway    silo      pg  (CPU us/req)
EOF
for line in "${results[@]}"; do echo "$line"; done
[ "$churn_ms" = 0 ] || echo "Churn rows: $notes_added notes added in all (each a 201), every one dropping the gateway's cached pages."
