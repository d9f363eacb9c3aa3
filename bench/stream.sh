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
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh

streams="${1:-200}"
events="${2:-100}"
interval="${3:-200}"
for v in "$streams" "$events" "$interval"; do [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "arguments are positive integers, not '$v'"; done
work="$root/.bench"
silo_dll="Silo/bin/Release/net10.0/Silo.dll"
gateway_dll="WebGateway/bin/Release/net10.0/WebGateway.dll"
load_dll="bench/StreamLoad/bin/Release/net10.0/StreamLoad.dll"

mkdir -p "$work"
exec 8>"$work/bench.lock"
flock -n 8 || die "another benchmark is running from $work"

ensure_dotnet
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

log "starting the silo and the gateway on $api (logs .bench/silo.log, .bench/gateway.log)"
setsid dotnet "$silo_dll" </dev/null >"$work/silo.log" 2>&1 8>&- &
silo_pid=$!
setsid dotnet "$gateway_dll" </dev/null >"$work/gateway.log" 2>&1 8>&- &
gateway_pid=$!

deadline=$((SECONDS + 180))
until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 -X POST -H 'Content-Type: application/json' \
    -d '{"email":"admin@example.com","password":"Test123!"}' "$api/api/auth/signin" || true)" = 200 ]; do
  [ "$SECONDS" -lt "$deadline" ] || { show_tail "$work/silo.log" "$work/gateway.log"; die "the stack was not ready in 180 s"; }
  kill -0 "$silo_pid" 2>/dev/null || { show_tail "$work/silo.log"; die "the silo exited"; }
  kill -0 "$gateway_pid" 2>/dev/null || { show_tail "$work/gateway.log"; die "the gateway exited"; }
  sleep 1
done
log "stack ready; $streams streams, $events notes every $interval ms"

read -r p50 p99 all50 all99 delivered expected rss_before rss_open rss_after < <(dotnet "$load_dll" "$api" "$gateway_pid" "$streams" "$events" "$interval" 8>&-)

cat <<EOF

Live stream benchmark: $streams streams on one gateway, $events notes one every $interval ms, loopback,
$(nproc) cores shared by the load, the gateway, the silo and PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg)).
Delay = from the note's 201 at the client to the event's data line on a stream.
 streams events | delay p50 ms  p99 ms | to all streams p50 ms  p99 ms | delivered/expected | gateway RSS MB: before  open  after
EOF
printf '%8s %6s | %12s %7s | %21s %7s | %18s | %21s %5s %6s\n' \
  "$streams" "$events" "$p50" "$p99" "$all50" "$all99" "$delivered/$expected" "$rss_before" "$rss_open" "$rss_after"
