#!/usr/bin/env bash
# Usage: bench/api.sh
#
# The hot reads and the write routes of the API side by side with their reference points, in one run:
#   1. dotnet build HomeUniteUs.sln -c Release, once                   (log .bench-api/build.log)
#   2. PostgreSQL (scripts/pg-up.sh .bench-api, database huu recreated empty), moto and a fresh
#      Cognito pool; the silo + gateway stack (HUU_ENVIRONMENT=development, LOG_LEVEL=WARNING);
#      the seeded admin signs in and creates housing orgs up to BENCH_ORGS (100); the three
#      answers are saved (.bench-api/fixture/) for the reference servers:
#        GET /api/housing-orgs/{id}   GET /api/housing-orgs   GET /api/users/current (bearer)
#      and, for the writes, two hosts signed up: one whose intake profile stays open, one approved by the
#      admin (its journey's steps are then set); their profile, journey and the host form's field ids
#      go to .bench-api/fixture/writes.json for the query baseline.
#   3. wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d$BENCH_DURATION --latency on each route, for
#      each variant in turn (BENCH_VARIANTS, default all four):
#        ceiling   bench/ApiBaseline memory: the same JSON bytes from memory (the web stack's ceiling)
#        query     bench/ApiBaseline query: one Npgsql query per request on the same PostgreSQL
#        split     the project's silo process + gateway process
#        cohosted  one silo process serving the API itself (HUU_COHOSTED_API=true)
#      and the CPU each process used meanwhile (/proc utime+stime; % of one core; wrk included).
#   4. prints one table: req/s, p50, p99 per route and variant, % of the ceiling, × query-per-request,
#      and the CPU shares. Non-2xx answers are counted and reported (a variant that fails is visible).
#   5. the writes (BENCH_ROUTES), after every read (the creates grow the org list the reads measure),
#      each variant started afresh, wrk with bench/writes.lua (a counter per thread in every body, so
#      every request is a real change), the admin's bearer unless said otherwise:
#        POST /api/housing-orgs                               a new name each time (201)
#        POST /api/housing-orgs + Idempotency-Key             the same with a fresh key each time
#        PUT /api/housing-orgs/{id}                           a new name, over the BENCH_ORGS orgs in turn
#        PUT /api/intake-profile/responses/{userId}           the open host's own two answers (its bearer)
#        POST /api/journeys/{userId}/steps/coordinator_interview   a new scheduledAt for the approved host
#      for split, cohosted and query (its write routes: one Npgsql transaction per request, reading and
#      locking the row, the checks of the real route, the row written back with its jsonb column; see
#      bench/ApiBaseline/QueryWrites.cs; the Idempotency-Key row is the project's only). Prints a second
#      table: req/s, p50, p99, × query, whether p99 < 20 ms, and the Idempotency-Key's cost on a create.
# Everything it starts is stopped on exit (also on Ctrl-C). Servers listen on 127.0.0.1 only.
#
# Environment: BENCH_DURATION (10s), BENCH_WARMUP (8s of wrk on every route when a variant starts, and 8s
# again on each route right before it is measured; 0 =
# none), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_ORGS (100),
# BENCH_VARIANTS ("ceiling query split cohosted"; the writes use those of query, split and cohosted
# among them), BENCH_ROUTES ("reads writes"; "writes" alone skips the reads), BENCH_WRITES (the write kinds measured,
# default "create create-key update intake step"; the create-key row's x query and cost need create too), BENCH_TELEMETRY (off; on = OTLP export of the
# silo and the gateway to a local sink, see bench/telemetry-switch.sh; the baselines have none), BENCH_STATEMENTS (off;
# on = PostgreSQL with pg_stat_statements, and after the writes' table one more per write route and variant: what
# PostgreSQL did per request (commits, sessions, its CPU, each statement's calls, rows, time, blocks and WAL, the rows
# of each table; bench/statements.py). Each measured write is then framed by 11 s pauses, for PostgreSQL's
# per-backend counters to reach its views; the extension's own cost lowers every variant's req/s a little),
# BENCH_ROUNDS (1; N = every selected write route measured N times in turn on the same stack, each row the median
# round by req/s, and the Idempotency-Key's cost the median of the N rounds' costs, each against the plain create
# measured just before it: the routes' order and the tables' growth then weigh alike on both; each route's p99 of every
# round is printed too, sorted, with its median: the number to read in a paced run, whose rounds all have about the same req/s).
# BENCH_INTERLEAVE (0; 1 = with BENCH_VARIANTS="query split", the writes run with the split stack and the query
# baseline up at once, and each round measures every route on one design and then the other, so that a drift of the
# machine's speed over the minutes of a run weighs on both designs alike; prints each round's split / query ratio
# too. The design not measured idles meanwhile: its CPU shows in the row of the one measured; the key's cost compares
# the keyed create with the plain create of the same round, with the query design's create between them every other
# round),
# BENCH_PACE_MS (0; P = each connection of the writes waits a random 0..2P ms, P on average, after each answer before
# it sends again: a paced load of at most about BENCH_CONNECTIONS x 1000 / P req/s, spread out in time, instead of a
# closed loop that saturates the machine; the write routes' latencies at a stated load, for both designs; the reads
# are not paced).
# stdout: the table; progress on stderr.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build):
#   BENCH_DURATION=1s BENCH_WARMUP=0 BENCH_ORGS=3 bench/api.sh
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

bench_wrk_settings
org_count="${BENCH_ORGS:-100}"
warmup="${BENCH_WARMUP:-8s}"
read -r -a variants <<<"${BENCH_VARIANTS:-ceiling query split cohosted}"
read -r -a route_kinds <<<"${BENCH_ROUTES:-reads writes}"
statements="${BENCH_STATEMENTS:-off}"
case "$statements" in on | off) ;; *) die "BENCH_STATEMENTS is on or off, not '$statements'" ;; esac
run_reads=0
run_writes=0
for kind in "${route_kinds[@]}"; do
  case "$kind" in
    reads) run_reads=1 ;;
    writes) run_writes=1 ;;
    *) die "BENCH_ROUTES takes reads and/or writes, not '$kind'" ;;
  esac
done
work="$root/.bench-api"
fixture="$work/fixture"
baseline_dll="bench/ApiBaseline/bin/Release/net10.0/ApiBaseline.dll"
ticks_per_second="$(getconf CLK_TCK)"

bench_init "$work" wrk curl
mkdir -p "$fixture"
bench_build
export HUU_PG_STATEMENTS="$statements" # pg_stat_statements when BENCH_STATEMENTS=on
bench_services_up
database_url="$bench_database_url"
pg_port="$bench_pg_port"
postmaster_pid="$(head -n 1 "$work/pgdata/postmaster.pid")"
bench_api="http://127.0.0.1:$(free_port)"
api="$bench_api"
export ASPNETCORE_URLS="$api" # the baselines listen there too
telemetry_switch "$work"

start_split() {
  bench_start_stack 1 1 ORLEANS_CLUSTER_ID="bench-split-$RANDOM"
}

start_cohosted() {
  log "starting one silo that serves the API (HUU_COHOSTED_API=true) on $api"
  bench_start_stack 1 0 HUU_COHOSTED_API=true ORLEANS_CLUSTER_ID="bench-cohosted-$RANDOM"
}

# --- the population and the fixture, through the API itself ---
start_split
token="$(bench_wait_signin admin@example.com)"
auth="Authorization: Bearer $token"
existing="$(curl -s "$api/api/housing-orgs" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
log "creating housing orgs $existing..$org_count"
for ((i = existing; i < org_count; i++)); do
  status="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"org_name\":\"Bench housing org $i\"}" "$api/api/housing-orgs")"
  [ "$status" = 201 ] || die "POST /api/housing-orgs answered $status"
done
curl -s -f "$api/api/housing-orgs" >"$fixture/orgs.json"
org_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["housing_org_id"])' "$fixture/orgs.json")"
curl -s -f "$api/api/housing-orgs/$org_id" >"$fixture/org.json"
curl -s -f -H "$auth" "$api/api/users/current" >"$fixture/user.json"
python3 -c 'import base64,json,sys
p = sys.argv[1].split(".")[1]; p += "=" * (-len(p) % 4)
print(json.loads(base64.urlsafe_b64decode(p))["sub"])' "$token" >"$fixture/subject.txt"

rm -f "$fixture/writes.json"
if [ "$run_writes" = 1 ]; then
  log "signing up two hosts for the write routes"
  json_call() { # METHOD PATH TOKEN [BODY] -> the answer's body; dies unless 2xx
    local out status args=(-s -m 30 -X "$1" -o "$work/call.out" -w '%{http_code}')
    [ -z "$3" ] || args+=(-H "Authorization: Bearer $3")
    [ $# -lt 4 ] || args+=(-H 'Content-Type: application/json' -d "$4")
    status="$(curl "${args[@]}" "$api$2")"
    out="$(cat "$work/call.out")"
    [[ "$status" == 2* ]] || die "$1 $2 answered $status: $out"
    printf '%s' "$out"
  }
  host_account() { # -> "id token"
    local email="bench.host.$RANDOM$RANDOM@example.com"
    json_call POST /api/auth/signup "" "{\"email\":\"$email\",\"password\":\"Str0ng!Passw0rd\",\"firstName\":\"Bench\",\"lastName\":\"Host\",\"role\":\"host\"}" >/dev/null
    curl -s -o /dev/null -m 30 "$api/api/auth/signup/confirm?code=123456&email=$email"
    json_call POST /api/auth/signin "" "{\"email\":\"$email\",\"password\":\"Str0ng!Passw0rd\"}" |
      python3 -c 'import json,sys; b = json.load(sys.stdin); print(b["user"]["id"], b["token"])'
  }
  read -r intake_id intake_token <<<"$(host_account)"
  read -r step_id step_token <<<"$(host_account)"
  json_call PUT "/api/intake-profile/responses/$intake_id" "$intake_token" '{"responses":[{"fieldId":"first_name","value":"Lee"}]}' >/dev/null
  complete='{"responses":[{"fieldId":"first_name","value":"Lee"},{"fieldId":"last_name","value":"Park"},{"fieldId":"date_of_birth","value":"1970-10-10"}'
  for field in private_space kitchen_and_bathroom_access can_host_three_to_six_months pets_welcome can_host_additional_guests household_drinks_alcohol; do
    complete+=",{\"fieldId\":\"$field\",\"value\":\"yes\"}"
  done
  for field in household_smokes smoking_allowed_inside drinking_concerns; do complete+=",{\"fieldId\":\"$field\",\"value\":\"no\"}"; done
  json_call PUT "/api/intake-profile/responses/$step_id" "$step_token" "$complete]}" >/dev/null
  json_call POST "/api/intake-profile/$step_id/submit" "$step_token" >/dev/null
  json_call POST "/api/intake-profile/$step_id/review" "$token" '{"decision":"APPROVED"}' >/dev/null
  json_call GET /api/intake-profile/form/2 "$token" >"$fixture/form2.json"
  json_call GET "/api/intake-profile/$intake_id" "$intake_token" >"$fixture/intake.json"
  json_call GET "/api/journeys/$step_id" "$token" >"$fixture/journey.json"
  python3 - "$fixture" "$intake_id" "$intake_token" "$step_id" "$step_token" <<'PY'
import base64, json, sys
directory, intake_id, intake_token, step_id, step_token = sys.argv[1:]
def subject(token):
    p = token.split(".")[1]; p += "=" * (-len(p) % 4)
    return json.loads(base64.urlsafe_b64decode(p))["sub"]
load = lambda name: json.load(open(f"{directory}/{name}"))
form = load("form2.json")
json.dump({"intakeUserId": int(intake_id), "intakeSubject": subject(intake_token),
           "stepUserId": int(step_id), "stepSubject": subject(step_token),
           "hostFieldIds": [f["id"] for g in form["fieldGroups"] for f in g["fields"]],
           "intakeProfile": {k: v for k, v in load("intake.json").items() if k in ("status", "responses")},
           "journey": load("journey.json")}, open(f"{directory}/writes.json", "w"))
PY
  org_ids="$(python3 -c 'import json,sys; print(",".join(str(o["housing_org_id"]) for o in json.load(open(sys.argv[1]))))' "$fixture/orgs.json")"
fi

routes=("/api/housing-orgs/$org_id" "/api/housing-orgs" "/api/users/current")
labels=("GET /api/housing-orgs/{id}" "GET /api/housing-orgs ($org_count orgs)" "GET /api/users/current (bearer)")

# CPU ticks (user + system) of a process; of PostgreSQL: the postmaster and all its children, those that exited too
# (their ticks move into the postmaster's cutime + cstime when it reaps them: a backend whose pooled connection
# closes during a run, as the idle design's do with BENCH_INTERLEAVE=1, is not subtracted).
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local total pid
  total="$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster_pid/stat" 2>/dev/null || echo 0)"
  for pid in $(pgrep -P "$postmaster_pid" || true); do total=$((total + $(ticks_of "$pid"))); done
  echo "$total"
}
snapshot() { # -> "name=ticks ..." for the running servers and PostgreSQL
  local name out="pg=$(pg_ticks)"
  for name in "${!bench_pids[@]}"; do out+=" $name=$(ticks_of "${bench_pids[$name]}")"; done
  echo "$out"
}

# wrk once -> "req/s p50_ms p99_ms non2xx cpu" where cpu is "name:pct,name:pct" (% of one core).
measure() { # URL [WRK_ARG...]
  local url="$1" args=("${@:2}") before after wall_start wall_ms summary wrk_ticks cpu="" entry name b a
  before="$(snapshot)"
  wall_start="$(date +%s%N)"
  # In a subshell that waits for wrk, /proc/self/stat's cutime+cstime is wrk's CPU time.
  summary="$(bash -c 'wrk "$@" >"$WRK_OUT"; awk "{ print \$16 + \$17 }" /proc/$$/stat' wrk \
    -t"$threads" -c"$connections" -d"$duration" --latency "${args[@]}" "$url" 8>&-)"
  wall_ms=$((($(date +%s%N) - wall_start) / 1000000))
  wrk_ticks="$summary"
  after="$(snapshot)"
  cat "$WRK_OUT" >>"$work/wrk.log"
  for entry in $after; do
    name="${entry%%=*}"
    a="${entry#*=}"
    b="$(tr ' ' '\n' <<<"$before" | awk -F= -v n="$name" '$1 == n { print $2 }')"
    cpu+="$name:$(((a - ${b:-0}) * 100000 / ticks_per_second / wall_ms)),"
  done
  cpu+="wrk:$((wrk_ticks * 100000 / ticks_per_second / wall_ms))"
  printf '%s %s\n' "$(bench_wrk_summary "$WRK_OUT")" "$cpu"
}
export WRK_OUT="$work/wrk.out"

declare -A result=() # "variant route-index" -> measure's line
run_variant() { # VARIANT BASE_URL
  local variant="$1" base="$2" i
  # A fresh process first meets every route once (tiered JIT, the caches' first fill), so the first
  # route measured is not the one that pays for the process's own warm-up.
  if [ "$warmup" != 0 ]; then
    for i in "${!routes[@]}"; do
      local header=()
      [ "$i" -ne 2 ] || header=("$auth")
      wrk -t"$threads" -c"$connections" -d"$warmup" "${header[@]/#/-H}" "$base${routes[$i]}" >/dev/null
    done
  fi
  for i in "${!routes[@]}"; do
    local header=()
    [ "$i" -ne 2 ] || header=("$auth")
    curl -s -f -o /dev/null "${header[@]/#/-H}" "$base${routes[$i]}" || log "warning: $variant ${routes[$i]} does not answer 200"
    # Warm-up until tiered JIT settles (without it the first 10 s of a fresh process read far too low).
    [ "$warmup" = 0 ] || wrk -t"$threads" -c"$connections" -d"$warmup" "${header[@]/#/-H}" "$base${routes[$i]}" >/dev/null
    log "$variant: ${labels[$i]} (wrk $duration)"
    result["$variant $i"]="$(measure "$base${routes[$i]}" "${header[@]/#/-H}")"
  done
}

bring_up() { # VARIANT: that variant alone answers on $api
  case "$1" in
    split)
      if [ -z "${bench_pids[gateway]:-}" ]; then
        bench_stop_all
        start_split
      fi
      bench_wait_ready "$api/api/health/ready"
      ;;
    cohosted)
      bench_stop_all
      start_cohosted
      bench_wait_ready "$api/api/health/ready"
      ;;
    ceiling | query)
      bench_stop_all
      if [ "$1" = ceiling ]; then
        bench_start baseline dotnet "$baseline_dll" memory "$fixture"
      else
        bench_start baseline dotnet "$baseline_dll" query "$fixture" "$database_url"
      fi
      bench_wait_ready "$api/api/housing-orgs"
      ;;
    *) die "unknown variant '$1' (ceiling, query, split, cohosted)" ;;
  esac
}

# Run order: the split stack first (it is already up), then the others; the table keeps BENCH_VARIANTS' order.
run_order=()
for variant in "${variants[@]}"; do [ "$variant" != split ] || run_order+=(split); done
for variant in "${variants[@]}"; do [ "$variant" = split ] || run_order+=("$variant"); done
if [ "$run_reads" = 1 ]; then
  for variant in "${run_order[@]}"; do
    bring_up "$variant"
    run_variant "$variant" "$api"
  done
fi

# --- the writes: wrk with bench/writes.lua; WRITE_* tell it the route, a fresh WRITE_TAG per wrk run ---
write_kinds=(create create-key update intake step)
write_labels=("POST /api/housing-orgs" "POST /api/housing-orgs + Idempotency-Key" "PUT /api/housing-orgs/{id}"
  "PUT /api/intake-profile/responses/{id}" "POST /api/journeys/{id}/steps/{key}")
write_variants=()
for variant in "${run_order[@]}"; do
  case "$variant" in split | cohosted | query) write_variants+=("$variant") ;; esac
done
export WRITE_ORG_IDS="${org_ids:-}"
write_route() { # INDEX: exports WRITE_KIND, WRITE_PATH, WRITE_AUTH and a fresh WRITE_TAG for it
  WRITE_KIND="${write_kinds[$1]}"
  WRITE_AUTH="Bearer $token"
  case "$WRITE_KIND" in
    create | create-key | update) WRITE_PATH=/api/housing-orgs ;;
    intake) WRITE_PATH="/api/intake-profile/responses/$intake_id" WRITE_AUTH="Bearer $intake_token" ;;
    step) WRITE_PATH="/api/journeys/$step_id/steps/coordinator_interview" ;;
  esac
  WRITE_TAG="$(date +%s%N)"
  WRITE_PACE_MS="$pace_ms"
  export WRITE_KIND WRITE_PATH WRITE_AUTH WRITE_TAG WRITE_PACE_MS
}
pace_ms="${BENCH_PACE_MS:-0}"
[[ "$pace_ms" =~ ^[0-9]+$ ]] || die "BENCH_PACE_MS: whole milliseconds, 0 or more (got '$pace_ms')"
read -r -a selected_writes <<<"${BENCH_WRITES:-${write_kinds[*]}}"
for kind in "${selected_writes[@]}"; do
  [[ " ${write_kinds[*]} " == *" $kind "* ]] || die "BENCH_WRITES: unknown write kind '$kind' (kinds: ${write_kinds[*]})"
done
has_write() { # VARIANT INDEX: selected by BENCH_WRITES; the baseline has no Idempotency-Key (that row compares the project with itself)
  [[ " ${selected_writes[*]} " == *" ${write_kinds[$2]} "* ]] || return 1
  [ "$1" != query ] || [ "${write_kinds[$2]}" != create-key ]
}
declare -A write_result=() # "variant index" -> measure's line (the median round's)
declare -A write_round=()  # "variant index round" -> measure's line
write_rounds="${BENCH_ROUNDS:-1}"
[[ "$write_rounds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS: a whole number of rounds, 1 or more (got '$write_rounds')"
interleave="${BENCH_INTERLEAVE:-0}"
case "$interleave" in
  0) ;;
  1) [ "${write_variants[*]}" = "split query" ] || die "BENCH_INTERLEAVE=1 takes BENCH_VARIANTS=\"query split\" (the writes of those two, up at once), not '${variants[*]}'" ;;
  *) die "BENCH_INTERLEAVE is 0 or 1, not '$interleave'" ;;
esac

# BENCH_STATEMENTS=on: PostgreSQL's counters (statements, database, tables) into FILE, as bench/statements.py reads them.
psql_as_huu() { PGPASSWORD=huu "$HUU_PG_BIN/psql" -X -q -At -F $'\t' -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U huu "$@"; }
statements_snapshot() { # FILE
  {
    psql_as_huu -d postgres -c "SELECT 's', s.toplevel, s.queryid, s.calls, s.plans, s.total_exec_time, s.total_plan_time,
        s.rows, s.shared_blks_hit + s.shared_blks_read, s.shared_blks_dirtied, s.wal_bytes,
        regexp_replace(s.query, '\s+', ' ', 'g')
      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'huu'"
    psql_as_huu -d huu -c "SELECT 'd', xact_commit, xact_rollback, sessions FROM pg_stat_database WHERE datname = 'huu'" \
      -c "SELECT 't', relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables"
  } >"$1"
}
statement_tables="$work/statements.txt"
: >"$statement_tables"
# The rounds of the writes on the variants given as VARIANT=URL, all up at once: in each round every route is measured
# on each of them in turn (warm-up, then the measured run; the order reversed every other round), so a drift of the
# machine's speed weighs on all alike.
write_rounds_on() { # VARIANT=URL...
  local pair variant url round i requests seconds pg_pct
  if [ "$warmup" != 0 ]; then
    for pair in "$@"; do
      for i in "${!write_kinds[@]}"; do
        has_write "${pair%%=*}" "$i" || continue
        write_route "$i"
        wrk -t"$threads" -c"$connections" -d"$warmup" -s bench/writes.lua "${pair#*=}" >/dev/null
      done
    done
  fi
  local order=("$@") reversed=()
  for ((i = $# - 1; i >= 0; i--)); do reversed+=("${order[$i]}"); done
  for round in $(seq 1 "$write_rounds"); do
    for i in "${!write_kinds[@]}"; do
      # Every other round the other design goes first: neither is always measured on the tables the other just grew.
      if ((round % 2)); then set -- "${order[@]}"; else set -- "${reversed[@]}"; fi
      for pair in "$@"; do
        variant="${pair%%=*}" url="${pair#*=}"
        has_write "$variant" "$i" || continue
        write_route "$i"
        [ "$warmup" = 0 ] || wrk -t"$threads" -c"$connections" -d"$warmup" -s bench/writes.lua "$url" >/dev/null
        write_route "$i"
        log "$variant: ${write_labels[$i]} (wrk $duration, round $round of $write_rounds)"
        if [ "$statements" = on ]; then
          sleep 11 # the warm-up's counters reach the views first
          statements_snapshot "$work/statements.before"
        fi
        write_round["$variant $i $round"]="$(measure "$url" -s bench/writes.lua)"
        write_result["$variant $i"]="${write_round["$variant $i $round"]}"
        if [ "$statements" = on ]; then
          sleep 11
          statements_snapshot "$work/statements.after"
          # wrk's completed requests plus the one in flight on each connection when it stopped (the server finishes those too)
          read -r requests seconds < <(awk -v c="$connections" '/ requests in / { sub(/s,$/, "", $4); print $1 + c, $4 }' "$WRK_OUT")
          pg_pct="$(tr ' ,' '\n\n' <<<"${write_result["$variant $i"]}" | awk -F: '$1 == "pg" { print $2 }')"
          python3 bench/statements.py "$work/statements.before" "$work/statements.after" "$requests" "${pg_pct:-0}" \
            "${seconds:-1}" "${write_labels[$i]} ($variant)" >>"$statement_tables"
        fi
      done
    done
  done
}
if [ "$run_writes" = 1 ]; then
  if [ "$interleave" = 1 ]; then
    # The split stack and the query baseline up at once (the baseline on a port of its own); each one idles while the
    # other is measured, and its CPU then shows in the other's row (the CPU column names every process).
    [ "$run_reads" = 0 ] || bench_stop_all # after the reads: a fresh split stack too
    bring_up split
    query_url="http://127.0.0.1:$(free_port)"
    bench_start baseline env ASPNETCORE_URLS="$query_url" dotnet "$baseline_dll" query "$fixture" "$database_url"
    bench_wait_ready "$query_url/api/housing-orgs"
    write_rounds_on "split=$api" "query=$query_url"
  else
    for variant in "${write_variants[@]}"; do
      [ "$variant" != split ] || [ "$run_reads" = 0 ] || bench_stop_all # after the reads: a fresh split stack too
      bring_up "$variant"
      write_rounds_on "$variant=$api"
    done
  fi
  # More than one round: each route's row is its median round by req/s (its p50, p99 and CPU are that round's).
  for variant in "${write_variants[@]}"; do
    for i in "${!write_kinds[@]}"; do
      [ -n "${write_round["$variant $i 1"]:-}" ] || continue
      write_result["$variant $i"]="$(for round in $(seq 1 "$write_rounds"); do echo "${write_round["$variant $i $round"]}"; done |
        sort -n -k1,1 | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }')"
    done
  done
fi
bench_stop_all

per_cpu_of() { # REQ_PER_S CPU -> requests per CPU second of every process in CPU ("name:pct,...")
  awk -v a="$1" -v cpu="$2" 'BEGIN { n = split(cpu, parts, ","); for (i = 1; i <= n; i++) { split(parts[i], kv, ":"); total += kv[2] }
    if (total > 0) printf "%.0f", a * 100 / total; else print "-" }'
}

if [ "$run_reads" = 1 ]; then
  cat <<EOF

API hot reads: wrk -t$threads -c$connections -d$duration on loopback, $(nproc) cores shared by wrk, the servers and PostgreSQL; telemetry ${BENCH_TELEMETRY:-off}.
ceiling = bench/ApiBaseline answering the same bytes from memory; query = one Npgsql query per request (same PostgreSQL);
split = silo + gateway processes; cohosted = one silo process serving the API (HUU_COHOSTED_API=true).
CPU: % of one core per process during the route's run (pg = all PostgreSQL processes); req/CPU-s = requests per
CPU second of all of them and wrk together (less sensitive than req/s to how much CPU the other tenants leave).
route                               variant     req/s  p50 ms  p99 ms  %ceiling  x query  non-2xx  req/CPU-s  CPU
EOF
  for i in "${!routes[@]}"; do
    ceiling_rps="$(awk '{ print $1 }' <<<"${result["ceiling $i"]:-0}")"
    query_rps="$(awk '{ print $1 }' <<<"${result["query $i"]:-0}")"
    label="${labels[$i]}"
    for variant in "${variants[@]}"; do
      read -r rps p50 p99 bad cpu <<<"${result["$variant $i"]}"
      pct="$(awk -v a="$rps" -v b="$ceiling_rps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')"
      times="$(awk -v a="$rps" -v b="$query_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
      per_cpu="$(per_cpu_of "$rps" "$cpu")"
      printf '%-35s %-9s %7s %7s %7s %9s %8s %8s %10s  %s\n' "$label" "$variant" "$rps" "$p50" "$p99" "$pct" "$times" "$bad" "$per_cpu" "${cpu//,/ }"
      label=""
    done
  done
fi

# The query design's row a write route is compared with: its own, but the keyed create's is the plain create (the
# baseline has no Idempotency-Key).
query_row() { [ "$1" = 1 ] && echo 0 || echo "$1"; }

if [ "$run_writes" = 1 ]; then
  cat <<EOF

API writes: wrk -t$threads -c$connections -d$duration -s bench/writes.lua on loopback, $(nproc) cores shared as above; load average
at the end: $(cut -d' ' -f1-3 /proc/loadavg). $(if [ "$pace_ms" = 0 ]; then echo "Closed loop: each connection sends again as soon as it is answered."; else echo "Paced: each connection waits a random 0-$((2 * pace_ms)) ms after each answer (about $((connections * 1000 / pace_ms)) req/s offered at most)."; fi) query = one Npgsql transaction per request (caller, row read FOR UPDATE, checks,
the row with its jsonb written back); split = silo + gateway processes; cohosted = one silo process. Goals: x query >= 1, p99 < 20 ms.
route                                     variant     req/s  p50 ms  p99 ms  x query  p99<20  non-2xx  req/CPU-s  CPU
EOF
  for i in "${!write_kinds[@]}"; do
    query_rps="$(awk '{ print $1 }' <<<"${write_result["query $(query_row "$i")"]:-0}")"
    label="${write_labels[$i]}"
    for variant in "${variants[@]}"; do
      [ -n "${write_result["$variant $i"]:-}" ] || continue
      read -r rps p50 p99 bad cpu <<<"${write_result["$variant $i"]}"
      times="$(awk -v a="$rps" -v b="$query_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
      fast="$(awk -v p="$p99" 'BEGIN { print (p < 20 ? "yes" : "no") }')"
      per_cpu="$(per_cpu_of "$rps" "$cpu")"
      printf '%-41s %-9s %7s %7s %7s %8s %7s %8s %10s  %s\n' "$label" "$variant" "$rps" "$p50" "$p99" "$times" "$fast" "$bad" "$per_cpu" "${cpu//,/ }"
      label=""
    done
  done
  if [ "$interleave" = 1 ]; then
    # Each round's ratio pairs the two designs' runs of one route minutes apart at most.
    for i in "${!write_kinds[@]}"; do
      q="$(query_row "$i")"
      [ -n "${write_round["split $i 1"]:-}" ] && [ -n "${write_round["query $q 1"]:-}" ] || continue
      for round in $(seq 1 "$write_rounds"); do
        awk -v a="$(awk '{ print $1 }' <<<"${write_round["split $i $round"]}")" \
          -v b="$(awk '{ print $1 }' <<<"${write_round["query $q $round"]}")" 'BEGIN { printf "%.2f\n", (b > 0 ? a / b : 0) }'
      done | sort -n | awk -v label="${write_labels[$i]}" '{ r[NR] = $1 } END {
        shown = r[1]; for (k = 2; k <= NR; k++) shown = shown ", " r[k]
        printf "x query per round, interleaved (split / query, each round its own pair; sorted): %s: %s (median %s)\n", label, shown, r[int((NR + 1) / 2)] }'
    done
  fi
  if [ "$write_rounds" -gt 1 ]; then
    # A row's p99 is its median round's by req/s; paced, every round has about the same req/s, so the p99 of each
    # round tells more: they are printed sorted, with their median.
    for i in "${!write_kinds[@]}"; do
      for variant in "${variants[@]}"; do
        [ -n "${write_round["$variant $i 1"]:-}" ] || continue
        for round in $(seq 1 "$write_rounds"); do awk '{ print $3 }' <<<"${write_round["$variant $i $round"]}"; done |
          sort -n | awk -v label="${write_labels[$i]}" -v v="$variant" '{ r[NR] = $1 } END {
            shown = r[1]; for (k = 2; k <= NR; k++) shown = shown ", " r[k]
            printf "p99 ms per round (sorted): %s, %s: %s (median %s)\n", label, v, shown, r[int((NR + 1) / 2)] }'
      done
    done
  fi
  for variant in split cohosted; do
    [ -n "${write_result["$variant 0"]:-}" ] && [ -n "${write_result["$variant 1"]:-}" ] || continue
    if [ "$pace_ms" != 0 ]; then
      # Paced, req/s is what the pace offers: the key's cost shows in the latencies (its goal is the closed loop's req/s).
      read -r _ plain_p50 plain_p99 _ <<<"${write_result["$variant 0"]}"
      read -r _ keyed_p50 keyed_p99 _ <<<"${write_result["$variant 1"]}"
      echo "Idempotency-Key on POST /api/housing-orgs ($variant), paced: p50 $plain_p50 -> $keyed_p50 ms, p99 $plain_p99 -> $keyed_p99 ms with a fresh key each (its goal, <= 15% fewer req/s, is measured by the closed loop: BENCH_PACE_MS=0)"
      continue
    fi
    # Each round's cost compares the keyed create with the plain create measured just before it on the same stack.
    costs="$(for round in $(seq 1 "$write_rounds"); do
      awk -v plain="$(awk '{ print $1 }' <<<"${write_round["$variant 0 $round"]}")" \
        -v keyed="$(awk '{ print $1 }' <<<"${write_round["$variant 1 $round"]}")" \
        'BEGIN { printf "%.1f\n", (plain > 0 ? 100 * (plain - keyed) / plain : 0) }'
    done)"
    awk -v v="$variant" -v rounds="$write_rounds" -v list="$(paste -sd' ' <<<"$costs")" -v plain="$(awk '{ print $1 }' <<<"${write_result["$variant 0"]}")" \
      -v keyed="$(awk '{ print $1 }' <<<"${write_result["$variant 1"]}")" 'BEGIN {
        n = split(list, c, " ")
        shown = c[1]; for (i = 2; i <= n; i++) shown = shown ", " c[i]
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (c[j] + 0 < c[i] + 0) { t = c[i]; c[i] = c[j]; c[j] = t }
        cost = c[int((n + 1) / 2)]
        if (rounds == 1)
          printf "Idempotency-Key on POST /api/housing-orgs (%s): %d req/s with a fresh key each vs %d without: %.1f%% fewer (goal <= 15%%: %s)\n",
            v, keyed, plain, cost, cost <= 15 ? "met" : "not met"
        else
          printf "Idempotency-Key on POST /api/housing-orgs (%s): %.1f%% fewer req/s with a fresh key each, median of %d rounds (each against the plain create just before it: %s %%; goal <= 15%%: %s)\n",
            v, cost, rounds, shown, cost <= 15 ? "met" : "not met" }'
  done
  if [ "$statements" = on ]; then
    cat <<EOF

What PostgreSQL did per write (BENCH_STATEMENTS=on; pg_stat_statements, pg_stat_database and pg_stat_user_tables before
and after each measured run, divided by its requests: wrk's completed ones plus one in flight per connection at its end). calls, rows, exec/plan ms, shared blocks touched and dirtied and
WAL bytes are per request; "top" = a statement a client sent, "in" = one run inside a function (its time is also in the
caller's). Statements under 0.005 calls per request (the silo's timers) are left out.

EOF
    cat "$statement_tables"
  fi
fi
