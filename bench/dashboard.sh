#!/usr/bin/env bash
# Usage: bench/dashboard.sh [N ...]        (default: 1000 10000)
#
# Benchmarks GET /api/coordinator/dashboard/all on a fresh local stack, for each population size
# N in turn (growing the same population):
#   1. dotnet build HomeUniteUs.sln -c Release                         (log .bench/build.log)
#   2. PostgreSQL (scripts/pg-up.sh .bench, database huu recreated empty), moto and a fresh
#      Cognito pool (scripts/moto-up.sh .bench, scripts/cognito-pool.sh); one silo and the
#      gateway on free loopback ports, HUU_ENVIRONMENT=development (the seeded admin signs in),
#      LOG_LEVEL=WARNING (no log line per request)                    (logs .bench/*.log)
#   3. for each N: bench/DashboardLoad creates users up to N through the user and case grains
#      (1 in 20 coordinators, 1 in 5 hosts, the rest guests with a case, a third with notes),
#      then wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION --latency measures
#        - the full dashboard (200, body of "bytes" bytes),
#        - the full dashboard as a browser asks for it (Accept-Encoding: gzip; "gz bytes") and
#        - the poll with a matching If-None-Match (304, no body);
#      and the rows written to orleansstorage by one change, from pg_stat_user_tables
#      (n_tup_ins + n_tup_upd + n_tup_del, after the statistics are flushed) and cross-checked
#      by counting rows whose modifiedon moved: a case update (PUT /api/coordinator/cases/{id})
#      and a new guest with a case (user created and activated, case opened: what an invite stores).
#   4. for scale, the same wrk run on GET /api/health (no token) and GET /api/auth/secret (only
#      the token check every protected route makes: signature, expiry, the stored user); the
#      resident memory (VmRSS) of the silo and the gateway with the largest population.
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

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for n in "${sizes[@]}"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "population sizes are positive integers, not '$n'"; done
duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-32}"
threads="${BENCH_THREADS:-2}"
work="$root/.bench"
silo_dll="Silo/bin/Release/net10.0/Silo.dll"
gateway_dll="WebGateway/bin/Release/net10.0/WebGateway.dll"
load_dll="bench/DashboardLoad/bin/Release/net10.0/DashboardLoad.dll"

mkdir -p "$work"
exec 8>"$work/bench.lock"
flock -n 8 || die "another bench/dashboard.sh is running from $work"

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
log "stack ready; the admin is signed in"

dashboard="$api/api/coordinator/dashboard/all"
auth="Authorization: Bearer $token"
load() { dotnet "$load_dll" "$@" 8>&-; }

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

storage_writes() {
  sleep 2 # the silo's backends flush their statistics within a second of going idle
  psql_huu -d huu -c "SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relname = 'orleansstorage'"
}
db_now() { psql_huu -d huu -c "SELECT clock_timestamp()"; }
rows_touched_since() { psql_huu -d huu -c "SELECT count(*) FROM orleansstorage WHERE modifiedon >= '$1'"; }

# Runs a change (a command) and prints "pg_stat_rows touched_rows".
rows_for() {
  local before after since
  before="$(storage_writes)"
  since="$(db_now)"
  "$@" >/dev/null
  after="$(storage_writes)"
  echo "$((after - before)) $(rows_touched_since "$since")"
}

update_case() { # GUEST_ID
  local status
  status="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"notes\":\"bench change $RANDOM$RANDOM\"}" "$api/api/coordinator/cases/$1")"
  [ "$status" = 200 ] || die "PUT /api/coordinator/cases/$1 answered $status"
}

first_guest_id=$((1000000 + 2)) # BenchPopulation: index 2 is a guest with a case
results=()
have=0
extra=5000000
for n in "${sizes[@]}"; do
  if [ "$n" -gt "$have" ]; then
    log "creating users $have..$((n - 1)) through the grains"
    load populate "$have" "$((n - have))"
    have="$n"
  fi
  load reconcile
  count="$(curl -s -H "$auth" "$dashboard" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["dashboardItems"]))')"
  headers="$(curl -s -D - -o "$work/dashboard.json" -H "$auth" "$dashboard")"
  etag="$(tr -d '\r' <<<"$headers" | awk -F': ' 'tolower($1) == "etag" { print $2 }')"
  bytes="$(stat -c %s "$work/dashboard.json")"
  gz_bytes="$(curl -s -H "$auth" -H 'Accept-Encoding: gzip' "$dashboard" | wc -c)"
  poll_status="$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H "If-None-Match: $etag" "$dashboard")"
  [ "$poll_status" = 304 ] || die "the poll with If-None-Match answered $poll_status, not 304"
  log "N=$n: $count dashboard items, $bytes bytes, ETag $etag; wrk $duration each"

  read -r full_rps full_p50 full_p99 full_bad < <(wrk_run "$dashboard" "$auth")
  read -r gz_rps gz_p50 gz_p99 _ < <(wrk_run "$dashboard" "$auth" "Accept-Encoding: gzip")
  read -r poll_rps poll_p50 poll_p99 _ < <(wrk_run "$dashboard" "$auth" "If-None-Match: $etag")
  [ "$full_bad" = 0 ] || log "warning: $full_bad full-dashboard responses were not 2xx/3xx"

  read -r case_rows case_touched < <(rows_for update_case "$first_guest_id")
  while [ $((extra % 20)) -ne 2 ] || [ $((extra % 3)) -eq 0 ]; do extra=$((extra + 1)); done
  read -r guest_rows guest_touched < <(rows_for load guest "$extra")
  extra=$((extra + 1))
  results+=("$(printf '%6s %6s | %6s %7s %7s %8s | %6s %7s %7s %8s | %6s %7s %7s | %11s %14s' \
    "$n" "$count" "$full_rps" "$full_p50" "$full_p99" "$bytes" "$gz_rps" "$gz_p50" "$gz_p99" "$gz_bytes" \
    "$poll_rps" "$poll_p50" "$poll_p99" "$case_rows ($case_touched)" "$guest_rows ($guest_touched)")")
done

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
silo_rss="$(rss_mb "$silo_pid")"
gateway_rss="$(rss_mb "$gateway_pid")"

log "baselines: GET /api/health and GET /api/auth/secret"
read -r health_rps health_p50 health_p99 _ < <(wrk_run "$api/api/health")
read -r secret_rps secret_p50 secret_p99 _ < <(wrk_run "$api/api/auth/secret" "$auth")

cat <<EOF

Dashboard benchmark: wrk -t$threads -c$connections -d$duration on loopback, $(nproc) cores shared by wrk, the gateway, the silo and PostgreSQL.
Rows written to orleansstorage per change: pg_stat_user_tables n_tup_ins+n_tup_upd+n_tup_del (rows whose modifiedon moved).
                 GET 200 (identity)               GET 200 (gzip)                   304 poll                rows written per change
 users  items |  req/s  p50 ms  p99 ms    bytes |  req/s  p50 ms  p99 ms    bytes |  req/s  p50 ms  p99 ms | case update  new guest+case
EOF
for line in "${results[@]}"; do echo "$line"; done
printf 'For scale, same wrk run: GET /api/health (no token) %s req/s, p50 %s ms, p99 %s ms; GET /api/auth/secret (token check only) %s req/s, p50 %s ms, p99 %s ms.\n' \
  "$health_rps" "$health_p50" "$health_p99" "$secret_rps" "$secret_p50" "$secret_p99"
printf 'Resident memory after loading %s users (VmRSS): silo %s MB, gateway %s MB.\n' "$have" "$silo_rss" "$gateway_rss"
