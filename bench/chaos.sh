#!/usr/bin/env bash
# Usage: bench/chaos.sh [LOAD_SECONDS] [WORKERS]
#
# Reruns the outage experiments of issue 9 on a fresh local stack (scripts/pg-up.sh,
# moto-up.sh, cognito-pool.sh in .bench-chaos/; two silos and one gateway, Release build,
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
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
seconds="${1:-40}"
workers="${2:-4}"
work="$root/.bench-chaos"
mkdir -p "$work"

dotnet build HomeUniteUs.sln -c Release >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; exit 1; }
database_url="$(scripts/pg-up.sh "$work" | sed -n 's/^DATABASE_URL=//p')"
moto_url="$(scripts/moto-up.sh "$work" | sed -n 's/^MOTO_URL=//p')"
pids=()
proxy_pid=""
cleanup() {
  for pid in "${pids[@]}" $proxy_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/moto-down.sh "$work" || true
  scripts/pg-down.sh "$work" || true
}
trap cleanup EXIT

db="huu_chaos_$$"
psql "$database_url" -qc "CREATE DATABASE $db" >/dev/null
set -a
# shellcheck disable=SC1090
. <(scripts/cognito-pool.sh "$moto_url")
set +a
moto_port="${moto_url##*:}"
proxy_port="$(free_port)"
python3 bench/refusing_proxy.py "$proxy_port" 127.0.0.1 "${moto_port%%/*}" >"$work/proxy.log" 2>&1 &
proxy_pid=$!
http_port="$(free_port)"
base="http://127.0.0.1:$http_port"
export DATABASE_URL="${database_url%/*}/$db" ROOT_URL=http://localhost:3000 HUU_ENVIRONMENT=development LOG_LEVEL=WARNING \
  COGNITO_IDP_ENDPOINT_URL="http://127.0.0.1:$proxy_port" ASPNETCORE_URLS="$base" ORLEANS_CLUSTER_ID="chaos-$$"

start_silo() { # N
  ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" \
    dotnet Silo/bin/Release/net10.0/Silo.dll >"$work/silo$1.log" 2>&1 &
  pids+=($!)
}
start_silo 1
start_silo 2
silo2_pid="${pids[1]}"
dotnet WebGateway/bin/Release/net10.0/WebGateway.dll >"$work/gateway.log" 2>&1 &
pids+=($!)
base2="http://127.0.0.1:$(free_port)"
ASPNETCORE_URLS="$base2" dotnet WebGateway/bin/Release/net10.0/WebGateway.dll >"$work/gateway2.log" 2>&1 &
pids+=($!)
deadline=$((SECONDS + 300))
until curl -sf -o /dev/null "$base/api/health/ready" && curl -sf -o /dev/null "$base2/api/health/ready"; do
  [ "$SECONDS" -lt "$deadline" ] || { show_tail "$work/silo1.log" "$work/gateway.log"; die "the stack was not ready in 300 s"; }
  sleep 1
done
token="$(curl -sf -H 'Content-Type: application/json' -d '{"email":"admin@example.com","password":"Test123!"}' "$base/api/auth/signin" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
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

experiment pg-fast 10 "scripts/pg-down.sh '$work' fast" "scripts/pg-up.sh '$work' >/dev/null"
experiment pg-immediate 10 "scripts/pg-down.sh '$work' immediate" "scripts/pg-up.sh '$work' >/dev/null"
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
