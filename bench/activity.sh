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
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): BENCH_DURATION=1s bench/activity.sh 1000
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

events="${1:-100000}"
bench_positive "the number of events" "$events"
bench_wrk_settings
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

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Three wrk runs -> "req/s p50_ms p99_ms", each the median of the three.
measure() { # URL TOKEN
  local runs=() i
  for i in 1 2 3; do runs+=("$(bench_wrk "$1" "Authorization: Bearer $2")"); done
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
