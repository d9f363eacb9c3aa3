#!/usr/bin/env bash
# Usage: bench/telemetry.sh [ROUNDS]         (default 5)
#
# The cost of telemetry on the hot read GET /api/housing-orgs/{id}. Two stacks run side by side
# on the same PostgreSQL server (each its own database, cluster and Cognito pool; one silo and
# one gateway each, LOG_LEVEL=WARNING): one with BENCH_TELEMETRY=off, one with on (OTLP export
# to a local sink, default sampler; see bench/telemetry-switch.sh). After a warm-up of both,
# each round runs wrk once against each (BENCH_DURATION 10s, BENCH_CONNECTIONS 32, BENCH_THREADS
# 2), alternating which goes first, so the drift of a shared machine falls on both alike.
# BENCH_ON_ENV="NAME=value …" adds variables to the "on" stack only (to try a sampler, e.g.
# "OTEL_TRACES_SAMPLER=always_off"). Prints every round (req/s, p99, CPU time of the stack per
# request) and the medians. Builds first (log .bench/build.log); servers on
# 127.0.0.1; everything stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
# shellcheck source=bench/telemetry-switch.sh
. bench/telemetry-switch.sh

rounds="${1:-5}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS is a positive integer, not '$rounds'"
duration="${BENCH_DURATION:-10s}" connections="${BENCH_CONNECTIONS:-32}" threads="${BENCH_THREADS:-2}"
work="$root/.bench"
mkdir -p "$work"
ensure_dotnet
command -v wrk >/dev/null 2>&1 || apt_get_install wrk
command -v curl >/dev/null 2>&1 || apt_get_install curl

declare -A pids=() api=() url=() sink=()
services_started=0
cleanup() {
  local rc=$? name
  trap '' INT TERM
  for name in "${!pids[@]}"; do stop_process "$name" "${pids[$name]}"; done
  for name in "${!sink[@]}"; do stop_process "OTLP sink ($name)" "${sink[$name]}"; done
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
database_url="${database_url#DATABASE_URL=}"
moto_url="$(scripts/moto-up.sh "$work")"
moto_url="${moto_url#MOTO_URL=}"
pg_port="$(cat "$work/pg.port")"

start_stack() { # MODE: its own database, pool, cluster and ports
  local mode="$1" database="huu_bench_$1" port line token="" deadline
  PGPASSWORD=huu /usr/lib/postgresql/15/bin/psql -q -h 127.0.0.1 -p "$pg_port" -U huu -d huu \
    -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
  port="$(free_port)"
  api[$mode]="http://127.0.0.1:$port"
  (
    while IFS= read -r line; do
      case "$line" in COGNITO_*=*) export "${line%%=*}=${line#*=}" ;; esac
    done <<<"$(scripts/cognito-pool.sh "$moto_url")"
    export DATABASE_URL="${database_url%/huu}/$database" HUU_ENVIRONMENT=development LOG_LEVEL=WARNING \
      ROOT_URL="${api[$mode]}" ASPNETCORE_URLS="${api[$mode]}" ORLEANS_CLUSTER_ID="bench-telemetry-$mode-$$"
    BENCH_TELEMETRY="$mode" telemetry_switch "$work"
    if [ "$mode" = on ] && [ -n "${BENCH_ON_ENV:-}" ]; then
      for line in $BENCH_ON_ENV; do export "${line%%=*}=${line#*=}"; done
      log "telemetry on: also $BENCH_ON_ENV"
    fi
    [ -z "$telemetry_sink_pid" ] || echo "$telemetry_sink_pid" >"$work/sink-$mode.pid"
    ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" setsid dotnet Silo/bin/Release/net10.0/Silo.dll </dev/null >"$work/silo-$mode.log" 2>&1 &
    echo $! >"$work/silo-$mode.pid"
    # The gateway finds the silo through the cluster's membership table: its ports do not matter.
    ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" setsid dotnet WebGateway/bin/Release/net10.0/WebGateway.dll </dev/null >"$work/gateway-$mode.log" 2>&1 &
    echo $! >"$work/gateway-$mode.pid"
  )
  pids[silo-$mode]="$(cat "$work/silo-$mode.pid")"
  pids[gateway-$mode]="$(cat "$work/gateway-$mode.pid")"
  [ ! -f "$work/sink-$mode.pid" ] || { sink[$mode]="$(cat "$work/sink-$mode.pid")"; rm -f "$work/sink-$mode.pid"; }
  deadline=$((SECONDS + 180))
  while [ -z "$token" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { show_tail "$work/silo-$mode.log" "$work/gateway-$mode.log"; die "telemetry $mode: not ready in 180 s"; }
    token="$(curl -s -m 10 -X POST -H 'Content-Type: application/json' -d '{"email":"admin@example.com","password":"Test123!"}' \
      "${api[$mode]}/api/auth/signin" | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("token",""))
except Exception: print("")' || true)"
    [ -n "$token" ] || sleep 1
  done
  local org_id
  org_id="$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"org_name":"Bench org"}' "${api[$mode]}/api/housing-orgs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["housing_org_id"])')"
  url[$mode]="${api[$mode]}/api/housing-orgs/$org_id"
  curl -sf "${url[$mode]}" >/dev/null
}

# CPU ticks (user + system, all threads) used so far by a stack's processes: silo, gateway, sink.
cpu_ticks() { # MODE
  local total=0 pid
  for pid in "${pids[silo-$1]}" "${pids[gateway-$1]}" ${sink[$1]:-}; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}
# wrk -> "req/s p99_ms cpu_us_per_request" (CPU of the stack's own processes, not wrk's or PostgreSQL's)
wrk_run() { # MODE
  local before after
  before="$(cpu_ticks "$1")"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "${url[$1]}" >"$work/wrk-last.log"
  after="$(cpu_ticks "$1")"
  tee -a "$work/wrk-telemetry.log" <"$work/wrk-last.log" | awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v }
    /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 } / requests in / { n = $1 }
    END { printf "%.0f %.2f %.0f\n", rps, p99, ticks * 1000000 / hz / n }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for mode in off on; do
  log "telemetry $mode: starting its stack"
  start_stack "$mode"
done
# Warm-up at full load until tiered JIT settles (2 s was far too short: runs still rose 2548 → 7530 → 11764).
for mode in off on; do wrk -t"$threads" -c"$connections" -d"${BENCH_WARMUP:-20s}" "${url[$mode]}" >/dev/null; done

declare -A results=()
overheads=() cpu_overheads=()
field() { cut -d' ' -f"$1"; }
printf 'GET /api/housing-orgs/{id}: %d rounds, wrk -t%s -c%s -d%s against each stack, alternating\n' "$rounds" "$threads" "$connections" "$duration"
printf '%-6s | %9s %8s %8s | %9s %8s %8s | %9s %9s\n' round "off req/s" "p99 ms" "CPU us" "on req/s" "p99 ms" "CPU us" "req/s -%" "CPU/req +%"
row() { # LABEL OFF ON OVERHEAD CPU_OVERHEAD   (OFF/ON: "req/s p99 cpu")
  printf '%-6s | %9s %8s %8s | %9s %8s %8s | %8s%% %8s%%\n' "$1" $2 $3 "$4" "$5"
}
for ((r = 1; r <= rounds; r++)); do
  order=(off on)
  [ $((r % 2)) = 1 ] || order=(on off)
  declare -A this=()
  for mode in "${order[@]}"; do this[$mode]="$(wrk_run "$mode")"; results[$mode]+="${this[$mode]}"$'\n'; done
  overheads+=("$(awk -v off="$(field 1 <<<"${this[off]}")" -v on="$(field 1 <<<"${this[on]}")" 'BEGIN { printf "%.1f", (off - on) * 100 / off }')")
  cpu_overheads+=("$(awk -v off="$(field 3 <<<"${this[off]}")" -v on="$(field 3 <<<"${this[on]}")" 'BEGIN { printf "%.1f", (on - off) * 100 / off }')")
  row "$r" "${this[off]}" "${this[on]}" "${overheads[-1]}" "${cpu_overheads[-1]}"
done
declare -A med=()
for mode in off on; do
  med[$mode]="$(for f in 1 2 3; do printf '%s' "${results[$mode]}" | field "$f" | median; done | paste -sd' ')"
done
row median "${med[off]}" "${med[on]}" "$(printf '%s\n' "${overheads[@]}" | median)" "$(printf '%s\n' "${cpu_overheads[@]}" | median)"
echo "CPU us = CPU time of the stack's silo + gateway (+ OTLP sink) per request; the overhead columns of the"
echo "median row are the medians of the rounds' own ratios. On a busy machine trust CPU/req more than req/s."
