#!/usr/bin/env bash
# Usage: bench/telemetry.sh [RUNS]         (default 3)
#
# The cost of telemetry on the hot read GET /api/housing-orgs/{id}: the same stack (one silo,
# one gateway, LOG_LEVEL=WARNING) started with BENCH_TELEMETRY=off and then on (OTLP export
# to a local sink, default sampler; see bench/telemetry-switch.sh); each time RUNS wrk runs of
# BENCH_DURATION (10s) with BENCH_CONNECTIONS (32) on BENCH_THREADS (2); prints the medians.
# Builds first (log .bench/build.log); servers on 127.0.0.1; everything stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
# shellcheck source=bench/telemetry-switch.sh
. bench/telemetry-switch.sh

runs="${1:-3}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "RUNS is a positive integer, not '$runs'"
duration="${BENCH_DURATION:-10s}" connections="${BENCH_CONNECTIONS:-32}" threads="${BENCH_THREADS:-2}"
work="$root/.bench"
mkdir -p "$work"
ensure_dotnet
command -v wrk >/dev/null 2>&1 || apt_get_install wrk
command -v curl >/dev/null 2>&1 || apt_get_install curl

silo_pid="" gateway_pid="" services_started=0
stop_pid() { # PID
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_stack() { stop_pid "$gateway_pid"; stop_pid "$silo_pid"; gateway_pid="" silo_pid=""; telemetry_stop; }
cleanup() {
  local rc=$?
  trap '' INT TERM
  stop_stack
  if [ "$services_started" = 1 ]; then
    scripts/moto-down.sh "$work" || true
    scripts/pg-down.sh "$work" || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building (log .bench/build.log)"
dotnet build HomeUniteUs.sln -c Release >"$work/build.log" 2>&1 || { show_tail "$work/build.log"; die "the build failed"; }
services_started=1
database_url="$(scripts/pg-up.sh "$work")"
moto_url="$(scripts/moto-up.sh "$work")"
while IFS= read -r line; do
  case "$line" in COGNITO_*=*) export "${line%%=*}=${line#*=}" ;; esac
done <<<"$(scripts/cognito-pool.sh "${moto_url#MOTO_URL=}")"
http_port="$(free_port)"
api="http://127.0.0.1:$http_port"
export DATABASE_URL="${database_url#DATABASE_URL=}" HUU_ENVIRONMENT=development LOG_LEVEL=WARNING ROOT_URL="$api" \
  ASPNETCORE_URLS="$api" ORLEANS_CLUSTER_ID="bench-telemetry-$$"

start_stack() { # MODE
  BENCH_TELEMETRY="$1" telemetry_switch "$work"
  ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" setsid dotnet Silo/bin/Release/net10.0/Silo.dll </dev/null >"$work/silo-$1.log" 2>&1 &
  silo_pid=$!
  setsid dotnet WebGateway/bin/Release/net10.0/WebGateway.dll </dev/null >"$work/gateway-$1.log" 2>&1 &
  gateway_pid=$!
  local deadline=$((SECONDS + 180))
  token=""
  while [ -z "$token" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { show_tail "$work/silo-$1.log" "$work/gateway-$1.log"; die "not ready in 180 s"; }
    token="$(curl -s -m 10 -X POST -H 'Content-Type: application/json' -d '{"email":"admin@example.com","password":"Test123!"}' \
      "$api/api/auth/signin" | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("token",""))
except Exception: print("")' || true)"
    [ -n "$token" ] || sleep 1
  done
}

# wrk -> "req/s p99_ms"
wrk_run() {
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1" | tee -a "$work/wrk-telemetry.log" | awk '
    function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v }
    /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 }
    END { printf "%.0f %.2f\n", rps, p99 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A rps p99
org_id=""
for mode in off on; do
  log "telemetry $mode: starting the stack"
  start_stack "$mode"
  if [ -z "$org_id" ]; then
    org_id="$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"org_name":"Bench org '"$$"'"}' "$api/api/housing-orgs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["housing_org_id"])')"
  fi
  url="$api/api/housing-orgs/$org_id"
  curl -sf "$url" >/dev/null
  # Warm-up at full load until tiered JIT settles (2 s was far too short: runs still rose 2548 → 7530 → 11764).
  wrk -t"$threads" -c"$connections" -d"${BENCH_WARMUP:-20s}" "$url" >/dev/null
  results=()
  for ((r = 1; r <= runs; r++)); do
    results+=("$(wrk_run "$url")")
    log "telemetry $mode run $r: ${results[-1]}"
  done
  rps[$mode]="$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | median)"
  p99[$mode]="$(printf '%s\n' "${results[@]}" | cut -d' ' -f2 | median)"
  stop_stack
done

printf 'GET /api/housing-orgs/{id}, median of %d wrk runs (-t%s -c%s -d%s)\n' "$runs" "$threads" "$connections" "$duration"
printf '%-14s %10s %10s\n' telemetry req/s "p99 ms"
for mode in off on; do printf '%-14s %10s %10s\n' "$mode" "${rps[$mode]}" "${p99[$mode]}"; done
awk -v off="${rps[off]}" -v on="${rps[on]}" 'BEGIN { printf "overhead (req/s): %.1f%%\n", (off - on) * 100 / off }'
