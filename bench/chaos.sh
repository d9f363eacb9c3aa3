#!/usr/bin/env bash
# Usage: bench/chaos.sh [LOAD_SECONDS] [WORKERS]
#
# Reruns the outage experiments of issue 9 on a fresh local stack (scripts/pg-up.sh,
# moto-up.sh, cognito-pool.sh in .bench-chaos/; two silos and two gateways, Release build,
# HUU_ENVIRONMENT=development for the seeded admin; Cognito reached through
# bench/refusing_proxy.py so that it can refuse connections). Each experiment runs
# bench/chaos_load.py (WORKERS threads, default 4, for LOAD_SECONDS, default 40: create org,
# read org, list orgs, current user, sign-in) and injects its fault 5 s in:
#   pg-fast        PostgreSQL stopped (pg_ctl -m fast) for 10 s, then started again
#   pg-immediate   PostgreSQL stopped (pg_ctl -m immediate, a crash) for 10 s, then started
#   cognito        Cognito refusing connections for 15 s
#   kill-silo      kill -9 of one of the two silos (not restarted)
# Then the lost-reply experiment (bench/lost_reply.py, LOST_REPLY_CREATES creates, default 200): a
# create whose reply is dropped on gateway A (the client closes its connection with a reset) is
# retried with its Idempotency-Key through a second gateway B; every name must end with one org.
# Prints one table: requests sent, answers by status class (500 = any other 5xx or no
# answer), acknowledged writes, acknowledged writes lost (read back after the run), seconds
# from the fault's end to the last answer that was not 2xx/3xx. Stops everything it starts.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): LOST_REPLY_CREATES=5 bench/chaos.sh 20 1
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
seconds="${1:-40}"
workers="${2:-4}"
bench_init "$root/.bench-chaos" curl
work="$bench_work"
bench_build
bench_services_up
moto_port="${bench_moto_url##*:}"
proxy_port="$(free_port)"
bench_start proxy python3 bench/refusing_proxy.py "$proxy_port" 127.0.0.1 "${moto_port%%/*}"
proxy_pid="${bench_pids[proxy]}"
bench_start_stack 2 2 ROOT_URL=http://localhost:3000 COGNITO_IDP_ENDPOINT_URL="http://127.0.0.1:$proxy_port" \
  ORLEANS_CLUSTER_ID="chaos-$$"
base="${bench_gateway_url[1]}"
base2="${bench_gateway_url[2]}"
silo2_pid="${bench_pids[silo2]}"
bench_wait_ready "$base/api/health/ready" 300
bench_wait_ready "$base2/api/health/ready" 300
token="$(bench_wait_signin admin@example.com)"
log "stack ready; running each experiment for $seconds s with $workers workers (the machine is shared: numbers vary)"

rows=()
experiment() { # NAME FAULT_SECONDS INJECT RESTORE
  local name="$1" hold="$2" inject="$3" restore="$4" result
  : >"$work/fault-end"
  python3 bench/chaos_load.py "$base" "$token" "$seconds" "$workers" "$work/fault-end" >"$work/$name.json" &
  local load=$!
  sleep 5
  log "$name: inject"
  eval "$inject"
  sleep "$hold"
  eval "$restore"
  date +%s.%N >"$work/fault-end"
  log "$name: restored"
  wait "$load"
  result="$(cat "$work/$name.json")"
  rows+=("$(python3 -c 'import json,sys; r=json.loads(sys.argv[2]); print("| %-13s | %6d | %6d | %5d | %5d | %5d | %6d | %5d | %11.1f |" % (sys.argv[1], r["sent"], r["s2xx"], r["s4xx"], r["s503"], r["s500"], r["acked"], r["lost"], r["recover_s"]))' "$name" "$result")")
  # Let the next experiment start from a healthy stack.
  until curl -sf -o /dev/null "$base/api/health/ready"; do sleep 1; done
}

# 8>&-: the restarted PostgreSQL must not hold the benchmark's lock.
experiment pg-fast 10 "scripts/pg-down.sh '$work' fast 8>&-" "scripts/pg-up.sh '$work' >/dev/null 8>&-"
experiment pg-immediate 10 "scripts/pg-down.sh '$work' immediate 8>&-" "scripts/pg-up.sh '$work' >/dev/null 8>&-"
experiment cognito 15 "kill -USR1 $proxy_pid" "kill -USR2 $proxy_pid"
experiment kill-silo 0 "kill -9 $silo2_pid" ":"

log "lost-reply: ${LOST_REPLY_CREATES:-200} creates, each reply dropped on gateway A and retried through gateway B"
lost_reply="$(python3 bench/lost_reply.py "$base" "$base2" "$token" "${LOST_REPLY_CREATES:-200}")"

printf '| experiment    |   sent |    2xx |   4xx |   503 |   500 |  acked |  lost | recover (s) |\n'
printf '|---------------|--------|--------|-------|-------|-------|--------|-------|-------------|\n'
printf '%s\n' "${rows[@]}"
printf '\n| experiment    | creates | retries | 409 running | replayed | reruns |  lost | doubled |\n'
printf '|---------------|---------|---------|-------------|----------|--------|-------|---------|\n'
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("| lost-reply    | %7d | %7d | %11d | %8d | %6d | %5d | %7d |" % (r["creates"], r["retries"], r["in_progress"], r["replayed"], r["reruns"], r["lost"], r["doubled"]))' "$lost_reply"
