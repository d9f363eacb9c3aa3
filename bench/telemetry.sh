#!/usr/bin/env bash
# Usage: bench/telemetry.sh [ROUNDS]         (default 5)
#
# The cost of telemetry on the hot read GET /api/housing-orgs/{id}. Two stacks run side by side
# on the same PostgreSQL server (each its own database, cluster and Cognito pool; one silo and
# one gateway each, LOG_LEVEL=WARNING): one with BENCH_TELEMETRY=off, one with on (OTLP export
# to a local sink, default sampler; see bench/telemetry-switch.sh). After a warm-up of both,
# each round runs wrk once against each (BENCH_DURATION 10s, BENCH_CONNECTIONS 32, BENCH_THREADS
# 2; the warm-up BENCH_WARMUP 20s), alternating which goes first, so the drift of a shared machine falls on both alike.
# BENCH_ON_ENV="NAME=value …" adds variables to the "on" stack only (to try a sampler, e.g.
# "OTEL_TRACES_SAMPLER=always_off"). Prints every round (req/s, p99, CPU time of the stack per
# request) and the medians. Builds first (log .bench/build.log); servers on
# 127.0.0.1; everything stopped on exit.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): BENCH_DURATION=1s BENCH_WARMUP=1s bench/telemetry.sh 1
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

rounds="${1:-5}"
bench_positive ROUNDS "$rounds"
bench_wrk_settings
bench_init "$root/.bench" wrk curl
work="$bench_work"
declare -A api=() url=() sink=()
bench_build
bench_services_up

start_stack() { # MODE: its own database, pool, cluster and ports
  local mode="$1" database="huu_bench_$1" line token settings=()
  bench_psql -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database OWNER huu" >&2
  api[$mode]="http://127.0.0.1:$(free_port)"
  while IFS= read -r line; do
    case "$line" in COGNITO_*=*) settings+=("$line") ;; esac
  done <<<"$(scripts/cognito-pool.sh "$bench_moto_url" 8>&-)"
  settings+=(DATABASE_URL="${bench_database_url%/*}/$database" HUU_ENVIRONMENT=development LOG_LEVEL=WARNING
    ROOT_URL="${api[$mode]}" ASPNETCORE_URLS="${api[$mode]}" ORLEANS_CLUSTER_ID="bench-telemetry-$mode-$$")
  BENCH_TELEMETRY="$mode" telemetry_switch "$work" # exports the OTEL_* variables when on (the last stack)
  [ -z "$telemetry_sink_pid" ] || sink[$mode]="$telemetry_sink_pid"
  if [ "$mode" = on ] && [ -n "${BENCH_ON_ENV:-}" ]; then
    for line in $BENCH_ON_ENV; do settings+=("$line"); done
    log "telemetry on: also $BENCH_ON_ENV"
  fi
  bench_start "silo-$mode" env "${settings[@]}" ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" dotnet "$silo_dll"
  # The gateway finds the silo through the cluster's membership table: its ports do not matter.
  bench_start "gateway-$mode" env "${settings[@]}" dotnet "$gateway_dll"
  token="$(bench_wait_signin admin@example.com 180 "${api[$mode]}")"
  local org_id
  org_id="$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"org_name":"Bench org"}' "${api[$mode]}/api/housing-orgs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["housing_org_id"])')"
  url[$mode]="${api[$mode]}/api/housing-orgs/$org_id"
  curl -sf "${url[$mode]}" >/dev/null
}

# CPU ticks (user + system, all threads) used so far by a stack's processes: silo, gateway, sink.
cpu_ticks() { # MODE
  local total=0 pid
  for pid in "${bench_pids[silo-$1]}" "${bench_pids[gateway-$1]}" ${sink[$1]:-}; do
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
