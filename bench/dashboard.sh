#!/usr/bin/env bash
# Usage: bench/dashboard.sh [N ...]        (default: 1000 10000)
#        bench/dashboard.sh stats [N]     (default: 500; see "Stats mode" below)
#        bench/dashboard.sh tenancy       (see "Tenancy mode" below)
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
# Stats mode: the same stack; BENCH_POOL (default 1000) unaffiliated people and one fresh housing org of N
# people (same mix, all members of the org) created through the grains, then wrk (3 runs each, medians) on
# GET /api/housing-orgs/{org}/stats and GET /api/stats (the admin's token), and 200 rounds of "change a case
# (PUT /api/coordinator/cases/{id}) then read the org's stats" timed by curl: the first read after a change
# counts the figures afresh, every later one is answered from the count kept for that content version.
# Tenancy mode: BENCH_ORGS (20) housing orgs of BENCH_ORG_PEOPLE (500) people each plus BENCH_POOL (2000) in the
# pool, created through the grains; a coordinator signed up through the API and moved into the first org polls
# their own view of the dashboard (identity, gzip, 304 with If-None-Match) and GET /api/health is measured in
# the same run (each the median of 3 wrk runs); the identity answer also with BENCH_FEW_CONNECTIONS (4), and the same bytes answered from memory by a
# bare Kestrel (bench/ApiBaseline file) at both connection counts: the web stack's ceiling for that answer; then a host of the second org is moved to the pool, and the next reads of both views (the
# admin's ?housingOrgId= of the second org, and the first org's coordinator's, who reaches the pool) are checked
# to follow; silo and gateway memory.
# Everything it starts is stopped on exit (also on Ctrl-C). Servers listen on 127.0.0.1 only.
#
# Environment: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
# BENCH_TELEMETRY (off; on = OTLP export to a local sink, see bench/telemetry-switch.sh).
# stdout: one table. Progress goes to stderr.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): BENCH_DURATION=1s bench/dashboard.sh 100; stats: BENCH_DURATION=1s BENCH_POOL=20 bench/dashboard.sh stats 20;
#   tenancy: BENCH_DURATION=1s BENCH_ORGS=2 BENCH_ORG_PEOPLE=20 BENCH_POOL=20 bench/dashboard.sh tenancy
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

mode=dashboard
case "${1:-}" in stats | tenancy) mode="$1" && shift ;; esac
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  case "$mode" in dashboard) sizes=(1000 10000) ;; *) sizes=(500) ;; esac
fi
bench_positive "a population size" "${sizes[@]}"
bench_wrk_settings
load_dll="bench/DashboardLoad/bin/Release/net10.0/DashboardLoad.dll"

bench_init "$root/.bench" wrk curl
bench_build
bench_services_up
telemetry_switch "$bench_work"
bench_start_stack 1 1
api="$bench_api"
silo_pid="${bench_pids[silo]}"
gateway_pid="${bench_pids[gateway]}"
# Ready, and the development users seeded (the admin signs in).
token="$(bench_wait_signin admin@example.com)"
log "stack ready; the admin is signed in"

dashboard="$api/api/coordinator/dashboard/all"
auth="Authorization: Bearer $token"
load() { dotnet "$load_dll" "$@" 8>&-; }

storage_writes() {
  sleep 2 # the silo's backends flush their statistics within a second of going idle
  bench_psql -d huu -c "SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relname = 'orleansstorage'"
}
db_now() { bench_psql -d huu -c "SELECT clock_timestamp()"; }
rows_touched_since() { bench_psql -d huu -c "SELECT count(*) FROM orleansstorage WHERE modifiedon >= '$1'"; }

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

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
new_org() { # NAME -> id
  curl -s -X POST -H "$auth" -H 'Content-Type: application/json' -d "{\"org_name\":\"$1\"}" "$api/api/housing-orgs" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["housing_org_id"])'
}
# p50 and p99 (ms) of the seconds on stdin, one a line.
percentiles() { sort -g | awk '{ v[NR] = $1 * 1000 } END { i50 = int(NR * 0.5 + 0.999); i99 = int(NR * 0.99 + 0.999); printf "%.2f %.2f\n", v[i50], v[i99] }'; }

if [ "$mode" = stats ]; then
  org_people="${sizes[0]}"
  pool_people="${BENCH_POOL:-1000}"
  org_start=$(((pool_people + 19) / 20 * 20)) # BenchPopulation: blocks of 20 share a coordinator
  org="$(new_org "Bench stats org")"
  log "creating $pool_people unaffiliated people and $org_people members of org $org through the grains"
  load populate 0 "$pool_people"
  load populate-org "$org" "$org_start" "$org_people"
  load reconcile
  stats_url="$api/api/housing-orgs/$org/stats"
  counted="$(curl -s -H "$auth" "$stats_url" | python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["guests"] + d["hosts"] + d["coordinators"])')"
  [ "$counted" = "$org_people" ] || die "the org's stats count $counted people, not $org_people"
  log "org $org: $counted people in its stats; wrk $duration each, 3 runs"
  read -r org_rps org_p50 org_p99 org_bad _ < <(bench_wrk3 "$stats_url" "$auth")
  read -r all_rps all_p50 all_p99 all_bad _ < <(bench_wrk3 "$api/api/stats" "$auth")
  [ "$org_bad$all_bad" = 00 ] || log "warning: $org_bad + $all_bad stats responses were not 2xx"
  org_bytes="$(curl -s -H "$auth" "$stats_url" | wc -c)"
  all_bytes="$(curl -s -H "$auth" "$api/api/stats" | wc -c)"
  org_guest=$((1000000 + org_start + 2))
  log "200 rounds: change a case of the org, then read its stats"
  read -r fresh_p50 fresh_p99 < <(for _ in $(seq 200); do
    update_case "$org_guest"
    curl -s -o /dev/null -w '%{time_total}\n' -H "$auth" "$stats_url"
  done | percentiles)
  read -r health_rps health_p50 health_p99 _ < <(bench_wrk3 "$api/api/health")
  cat <<EOF

Stats benchmark: wrk -t$threads -c$connections -d$duration on loopback, medians of 3 runs (the curl row: 200 reads), $(nproc) cores
shared by wrk, the gateway, the silo and PostgreSQL (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg));
one housing org of $org_people people and $pool_people unaffiliated, created through the grains; the admin's token.
                                              req/s  p50 ms  p99 ms
GET /api/housing-orgs/{org}/stats         $(printf '%8s %7s %7s' "$org_rps" "$org_p50" "$org_p99")  ($org_bytes bytes)
GET /api/stats (everyone and byOrg)       $(printf '%8s %7s %7s' "$all_rps" "$all_p50" "$all_p99")  ($all_bytes bytes)
org stats read right after a change       $(printf '%8s %7s %7s' "-" "$fresh_p50" "$fresh_p99")
GET /api/health (same run)                $(printf '%8s %7s %7s' "$health_rps" "$health_p50" "$health_p99")
Resident memory (VmRSS): silo $(rss_mb "$silo_pid") MB, gateway $(rss_mb "$gateway_pid") MB.
EOF
  exit 0
fi

if [ "$mode" = tenancy ]; then
  org_count="${BENCH_ORGS:-20}"
  org_people="${BENCH_ORG_PEOPLE:-500}"
  pool_people="${BENCH_POOL:-2000}"
  block() { echo $((($1 + 19) / 20 * 20)); } # BenchPopulation: blocks of 20 share a coordinator
  log "creating $pool_people unaffiliated people and $org_count orgs of $org_people through the grains"
  load populate 0 "$pool_people"
  start="$(block "$pool_people")"
  org_ids=()
  org_starts=()
  for i in $(seq "$org_count"); do
    org="$(new_org "Bench tenancy org $i")"
    load populate-org "$org" "$start" "$org_people"
    org_ids+=("$org")
    org_starts+=("$start")
    start=$((start + $(block "$org_people")))
  done
  load reconcile

  # A coordinator of the first org, signed up and moved in through the API as a program would do it.
  email="bench.coordinator.$RANDOM$RANDOM@example.com"
  password='Str0ng!Passw0rd'
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"firstName\":\"Bench\",\"lastName\":\"Coordinator\",\"role\":\"coordinator\"}" "$api/api/auth/signup"
  curl -s -o /dev/null "$api/api/auth/signup/confirm?code=123456&email=$email"
  signin="$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$api/api/auth/signin")"
  coordinator_id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["user"]["id"])' "$signin")"
  coordinator_auth="Authorization: Bearer $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$signin")"
  move() { # USER_ID ORG|null
    local status
    status="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "$auth" -H 'Content-Type: application/json' \
      -d "{\"housingOrgId\":$2}" "$api/api/users/$1/housing-org")"
    [ "$status" = 200 ] || die "PUT /api/users/$1/housing-org answered $status"
  }
  move "$coordinator_id" "${org_ids[0]}"

  view_ids() { # AUTH [QUERY] -> the user ids of the view, one a line
    curl -s -H "$1" "$dashboard${2:-}" | python3 -c 'import json,sys; [print(i["id"]) for i in json.load(sys.stdin)["dashboardItems"]]'
  }
  items="$(view_ids "$coordinator_auth" | wc -l)"
  headers="$(curl -s -D - -o "$bench_work/view.json" -H "$coordinator_auth" "$dashboard")"
  etag="$(tr -d '\r' <<<"$headers" | awk -F': ' 'tolower($1) == "etag" { print $2 }')"
  bytes="$(stat -c %s "$bench_work/view.json")"
  gz_bytes="$(curl -s -H "$coordinator_auth" -H 'Accept-Encoding: gzip' "$dashboard" | wc -c)"
  total="$(view_ids "$auth" | wc -l)"
  log "the coordinator's view: $items of $total rows, $bytes bytes; wrk $duration each"
  read -r full_rps full_p50 full_p99 full_bad _ < <(bench_wrk3 "$dashboard" "$coordinator_auth")
  read -r gz_rps gz_p50 gz_p99 _ < <(bench_wrk3 "$dashboard" "$coordinator_auth" "Accept-Encoding: gzip")
  read -r poll_rps poll_p50 poll_p99 _ < <(bench_wrk3 "$dashboard" "$coordinator_auth" "If-None-Match: $etag")
  read -r health_rps health_p50 health_p99 _ < <(bench_wrk3 "$api/api/health")
  [ "$full_bad" = 0 ] || log "warning: $full_bad view responses were not 2xx/3xx"
  # The identity answer again with fewer connections (a machine not saturated by wrk itself), and the same bytes
  # answered from memory by a bare Kestrel (bench/ApiBaseline file): the web stack's ceiling for this answer.
  few="${BENCH_FEW_CONNECTIONS:-4}"
  read -r few_rps few_p50 few_p99 _ < <(connections="$few" bench_wrk3 "$dashboard" "$coordinator_auth")
  ceiling_url="http://127.0.0.1:$(free_port)"
  bench_start baseline env ASPNETCORE_URLS="$ceiling_url" dotnet "bench/ApiBaseline/bin/Release/net10.0/ApiBaseline.dll" \
    file "$bench_work/view.json" /api/coordinator/dashboard/all
  bench_wait_ready "$ceiling_url/api/coordinator/dashboard/all" 60
  read -r ceil_rps ceil_p50 ceil_p99 _ < <(bench_wrk3 "$ceiling_url/api/coordinator/dashboard/all")
  read -r ceil_few_rps ceil_few_p50 ceil_few_p99 _ < <(connections="$few" bench_wrk3 "$ceiling_url/api/coordinator/dashboard/all")
  bench_stop baseline

  # A host of the second org moves to the pool (a guest would keep a case coordinated from the org: 409): the next
  # reads of both views follow.
  moved=$((1000000 + org_starts[1] + 1))
  second="?housingOrgId=${org_ids[1]}"
  before_second="$(view_ids "$auth" "$second" | grep -cx "$moved" || true)"
  before_first="$(view_ids "$coordinator_auth" | grep -cx "$moved" || true)"
  move "$moved" null
  after_second="$(view_ids "$auth" "$second" | grep -cx "$moved" || true)"
  after_first="$(view_ids "$coordinator_auth" | grep -cx "$moved" || true)"
  followed=no
  [ "$before_second$before_first$after_second$after_first" = 1001 ] && followed=yes
  poll_share="$(awk -v p="$poll_rps" -v h="$health_rps" 'BEGIN { printf "%.0f", 100 * p / h }')"
  cat <<EOF

Tenancy benchmark: wrk -t$threads -c$connections -d$duration on loopback, medians of 3 runs, $(nproc) cores shared by wrk, the gateway, the silo
and PostgreSQL (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg));
$org_count housing orgs of $org_people people and $pool_people unaffiliated ($total dashboard rows), created through the grains.
A coordinator of the first org polls their own view ($items rows: their org and the pool's guests and hosts, which they reach).
                                            req/s  p50 ms  p99 ms    bytes
view, GET 200 (identity)                $(printf '%8s %7s %7s %8s' "$full_rps" "$full_p50" "$full_p99" "$bytes")
  same bytes, bare Kestrel (ceiling)    $(printf '%8s %7s %7s %8s' "$ceil_rps" "$ceil_p50" "$ceil_p99" "$bytes")
$(printf '%-40s%8s %7s %7s %8s' "view, GET 200 (identity), -c$few" "$few_rps" "$few_p50" "$few_p99" "$bytes")
$(printf '%-40s%8s %7s %7s %8s' "  same bytes, bare Kestrel, -c$few" "$ceil_few_rps" "$ceil_few_p50" "$ceil_few_p99" "$bytes")
view, GET 200 (gzip)                    $(printf '%8s %7s %7s %8s' "$gz_rps" "$gz_p50" "$gz_p99" "$gz_bytes")
view, 304 (If-None-Match)               $(printf '%8s %7s %7s %8s' "$poll_rps" "$poll_p50" "$poll_p99" "-")
GET /api/health (same run)              $(printf '%8s %7s %7s %8s' "$health_rps" "$health_p50" "$health_p99" "-")
304 polls: $poll_share% of /api/health's req/s.
A host moved from the second org to the pool: gone from the second org's view and in the first org's coordinator's view on the next reads after the 2xx: $followed.
Resident memory (VmRSS): silo $(rss_mb "$silo_pid") MB, gateway $(rss_mb "$gateway_pid") MB.
EOF
  exit 0
fi

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
  headers="$(curl -s -D - -o "$bench_work/dashboard.json" -H "$auth" "$dashboard")"
  etag="$(tr -d '\r' <<<"$headers" | awk -F': ' 'tolower($1) == "etag" { print $2 }')"
  bytes="$(stat -c %s "$bench_work/dashboard.json")"
  gz_bytes="$(curl -s -H "$auth" -H 'Accept-Encoding: gzip' "$dashboard" | wc -c)"
  poll_status="$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -H "If-None-Match: $etag" "$dashboard")"
  [ "$poll_status" = 304 ] || die "the poll with If-None-Match answered $poll_status, not 304"
  log "N=$n: $count dashboard items, $bytes bytes, ETag $etag; wrk $duration each"

  read -r full_rps full_p50 full_p99 full_bad < <(bench_wrk "$dashboard" "$auth")
  read -r gz_rps gz_p50 gz_p99 _ < <(bench_wrk "$dashboard" "$auth" "Accept-Encoding: gzip")
  read -r poll_rps poll_p50 poll_p99 _ < <(bench_wrk "$dashboard" "$auth" "If-None-Match: $etag")
  [ "$full_bad" = 0 ] || log "warning: $full_bad full-dashboard responses were not 2xx/3xx"

  read -r case_rows case_touched < <(rows_for update_case "$first_guest_id")
  while [ $((extra % 20)) -ne 2 ] || [ $((extra % 3)) -eq 0 ]; do extra=$((extra + 1)); done
  read -r guest_rows guest_touched < <(rows_for load guest "$extra")
  extra=$((extra + 1))
  results+=("$(printf '%6s %6s | %6s %7s %7s %8s | %6s %7s %7s %8s | %6s %7s %7s | %11s %14s' \
    "$n" "$count" "$full_rps" "$full_p50" "$full_p99" "$bytes" "$gz_rps" "$gz_p50" "$gz_p99" "$gz_bytes" \
    "$poll_rps" "$poll_p50" "$poll_p99" "$case_rows ($case_touched)" "$guest_rows ($guest_touched)")")
done

silo_rss="$(rss_mb "$silo_pid")"
gateway_rss="$(rss_mb "$gateway_pid")"

log "baselines: GET /api/health and GET /api/auth/secret"
read -r health_rps health_p50 health_p99 _ < <(bench_wrk "$api/api/health")
read -r secret_rps secret_p50 secret_p99 _ < <(bench_wrk "$api/api/auth/secret" "$auth")

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
