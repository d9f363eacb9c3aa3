#!/usr/bin/env bash
# Usage: bench/stream.sh [STREAMS] [EVENTS] [INTERVAL_MS]     (default: 200 100 200)
#
# Benchmarks the live activity stream (GET /api/coordinator/activity/stream) on a fresh local stack:
#   1. dotnet build HomeUniteUs.sln -c Release                         (log .bench/build.log)
#   2. PostgreSQL (scripts/pg-up.sh .bench, database huu recreated empty), moto and a fresh Cognito pool;
#      one silo and one gateway on free loopback ports, HUU_ENVIRONMENT=development (seeded users),
#      LOG_LEVEL=WARNING                                               (logs .bench/*.log)
#   3. bench/StreamLoad opens STREAMS streams on the gateway (half as the seeded admin, half as the seeded
#      unaffiliated coordinator, whose reach is read per batch), then adds EVENTS notes about the seeded
#      unaffiliated guest, one every INTERVAL_MS, and measures each note's delay from its 201 to its arrival
#      on every stream: p50/p99 over all (note, stream) pairs, and p50/p99 of the time to reach ALL streams.
#   4. the gateway's resident memory (VmRSS): before the streams, with them open, after the events.
# Everything it starts is stopped on exit (also on Ctrl-C). Servers listen on 127.0.0.1 only.
# stdout: one table. Progress goes to stderr.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): bench/stream.sh 4 5 200
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

streams="${1:-200}"
events="${2:-100}"
interval="${3:-200}"
bench_positive "STREAMS, EVENTS and INTERVAL_MS" "$streams" "$events" "$interval"
load_dll="bench/StreamLoad/bin/Release/net10.0/StreamLoad.dll"

bench_init "$root/.bench" curl
bench_build
bench_services_up
bench_start_stack 1 1
api="$bench_api"
bench_wait_signin admin@example.com >/dev/null
log "stack ready; $streams streams, $events notes every $interval ms"

read -r p50 p99 all50 all99 delivered expected rss_before rss_open rss_after < <(dotnet "$load_dll" "$api" "${bench_pids[gateway]}" "$streams" "$events" "$interval" 8>&-)

cat <<EOF

Live stream benchmark: $streams streams on one gateway, $events notes one every $interval ms, loopback,
$(nproc) cores shared by the load, the gateway, the silo and PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg)).
Delay = from the note's 201 at the client to the event's data line on a stream.
 streams events | delay p50 ms  p99 ms | to all streams p50 ms  p99 ms | delivered/expected | gateway RSS MB: before  open  after
EOF
printf '%8s %6s | %12s %7s | %21s %7s | %18s | %21s %5s %6s\n' \
  "$streams" "$events" "$p50" "$p99" "$all50" "$all99" "$delivered/$expected" "$rss_before" "$rss_open" "$rss_after"
