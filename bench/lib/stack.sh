# shellcheck shell=bash
# The stack start-up and stop shared by the bench scripts, sourced (never executed) as
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
# It sets root (the repository) and cds there, and sources scripts/lib/ensure.sh (log, die, free_port,
# stop_process, show_tail, apt_get_install, ensure_dotnet) and bench/telemetry-switch.sh (BENCH_TELEMETRY).
#
#   bench_positive WHAT VALUE...   dies unless every VALUE is a positive integer (WHAT names them).
#   bench_init WORKDIR [TOOL...]   mkdir WORKDIR, one benchmark at a time per WORKDIR (flock on fd 8,
#                                  WORKDIR/bench.lock), the .NET SDK, the TOOLs (wrk, curl) with apt-get
#                                  when missing; traps EXIT/INT/TERM to bench_cleanup.
#   bench_build                    dotnet build HomeUniteUs.sln -c Release (log WORKDIR/build.log);
#                                  BENCH_BUILD=0 skips it (reruns on an unchanged tree).
#   bench_services_up [DATABASE]   PostgreSQL (scripts/pg-up.sh WORKDIR, DATABASE, default huu, dropped
#                                  and created empty), moto and a fresh Cognito pool (scripts/moto-up.sh,
#                                  scripts/cognito-pool.sh). Sets bench_database_url (DATABASE's URL),
#                                  bench_pg_port, bench_moto_url; exports DATABASE_URL and the COGNITO_*.
#   bench_psql ARGS...             psql as huu on that server (-X -q -At, ON_ERROR_STOP).
#   bench_start_stack SILOS GATEWAYS [NAME=VALUE...]
#                                  SILOS silo and GATEWAYS gateway processes (Release build), each silo on
#                                  its own free Orleans ports. The first gateway listens on $bench_api (a
#                                  free loopback port, or the one of an earlier call); gateway N on
#                                  ${bench_gateway_url[N]}. Defaults, exported: HUU_ENVIRONMENT=development
#                                  LOG_LEVEL=WARNING ROOT_URL=ASPNETCORE_URLS=$bench_api ORLEANS_CLUSTER_ID=
#                                  bench (or the one of the NAME=VALUEs); each NAME=VALUE is given to these
#                                  processes only, and wins over the defaults. Names: silo/gateway when
#                                  one, silo1../gateway1.. when more (logs WORKDIR/NAME.log). 1 silo,
#                                  0 gateways, HUU_COHOSTED_API=true: the co-hosted mode.
#   bench_start NAME COMMAND...    any other process of the benchmark (setsid; log WORKDIR/NAME.log, emptied
#                                  when NAME first starts, appended to when it starts again).
#   bench_stop NAME / bench_stop_all   SIGTERM, SIGKILL after 20 s; bench_stop_all in reverse start order.
#   bench_alive_or_die             dies (with the log's last lines) when a started process has exited.
#   bench_wait_ready URL [SECONDS] until URL answers 200 (default 180 s).
#   bench_signin EMAIL [BASE_URL]  prints a token of the seeded EMAIL (password Test123!), or nothing;
#                                  BASE_URL defaults to $bench_api.
#   bench_wait_signin EMAIL [SECONDS] [BASE_URL]  prints the token once EMAIL signs in (the users are
#                                  seeded; default 180 s).
#   bench_wait_silos_active CLUSTER N [SECONDS]  until N silos of CLUSTER are Active (membership table).
#   bench_wrk_settings             duration, connections, threads from BENCH_DURATION (10s),
#                                  BENCH_CONNECTIONS (32), BENCH_THREADS (2).
#   bench_wrk URL [HEADER...]      one wrk run (those settings, --latency; output appended to
#                                  WORKDIR/wrk.log) -> "req/s p50_ms p99_ms non2xx"
#   bench_wrk_summary [FILE]       the same line from a wrk --latency output (stdin or FILE).
#   bench_wrk3 URL [HEADER...]     three bench_wrk runs -> "req/s p50_ms p99_ms non2xx requests": req/s, p50 and
#                                  p99 each the median of the three runs; non2xx and requests summed over them.
# On exit (also Ctrl-C or SIGTERM): every started process is stopped (the last started first), then the
# telemetry sink (telemetry_stop), then moto and PostgreSQL.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
# shellcheck source=bench/telemetry-switch.sh
. bench/telemetry-switch.sh

bench_work=""
bench_database_url=""
bench_pg_port=""
bench_moto_url=""
bench_api=""
bench_services_started=0
declare -A bench_pids=()         # name -> pid of what runs now
declare -a bench_order=()        # names in start order
declare -A bench_logs=()         # names started so far (their logs are kept from then on)
declare -A bench_gateway_url=()  # gateway number -> its base URL
silo_dll="Silo/bin/Release/net10.0/Silo.dll"
gateway_dll="WebGateway/bin/Release/net10.0/WebGateway.dll"

bench_positive() { # WHAT VALUE...
  local what="$1" v
  shift
  for v in "$@"; do [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "$what: a positive integer, not '$v'"; done
}

bench_init() { # WORKDIR [TOOL...]
  bench_work="$1"
  shift
  mkdir -p "$bench_work"
  exec 8>"$bench_work/bench.lock"
  flock -n 8 || die "another benchmark is running from $bench_work"
  ensure_dotnet
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || apt_get_install "$tool"
  done
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local rc=$?
  trap '' INT TERM # a second Ctrl-C must not cut the shutdown short
  trap - EXIT
  bench_stop_all
  telemetry_stop
  if [ "$bench_services_started" = 1 ]; then
    scripts/moto-down.sh "$bench_work" 8>&- || true
    scripts/pg-down.sh "$bench_work" 8>&- || true
  fi
  exit "$rc"
}

bench_build() {
  if [ "${BENCH_BUILD:-1}" = 0 ]; then
    log "BENCH_BUILD=0: not building (the Release build as it is)"
    return 0
  fi
  log "building: dotnet build HomeUniteUs.sln -c Release (log ${bench_work#"$root/"}/build.log)"
  # To a file, not a pipe: build servers outlive the build and would hold a pipe open.
  if ! dotnet build HomeUniteUs.sln -c Release >"$bench_work/build.log" 2>&1 8>&-; then
    show_tail "$bench_work/build.log"
    die "the build failed (see ${bench_work#"$root/"}/build.log)"
  fi
}

bench_psql() { PGPASSWORD=huu "$HUU_PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$bench_pg_port" -U huu "$@"; }

bench_services_up() { # [DATABASE]
  local database="${1:-huu}" line cognito
  bench_services_started=1
  line="$(scripts/pg-up.sh "$bench_work" 8>&-)"
  line="${line#DATABASE_URL=}"
  bench_database_url="${line%/*}/$database"
  bench_pg_port="$(cat "$bench_work/pg.port")"
  bench_psql -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database OWNER huu" >&2
  line="$(scripts/moto-up.sh "$bench_work" 8>&-)"
  bench_moto_url="${line#MOTO_URL=}"
  cognito="$(scripts/cognito-pool.sh "$bench_moto_url" 8>&-)"
  while IFS= read -r line; do
    case "$line" in COGNITO_*=*) export "${line%%=*}=${line#*=}" ;; esac
  done <<<"$cognito"
  export DATABASE_URL="$bench_database_url"
}

bench_start() { # NAME COMMAND...
  local name="$1"
  shift
  # A name started again (a restart) appends to its log.
  [ -n "${bench_logs[$name]:-}" ] || : >"$bench_work/$name.log"
  bench_logs[$name]=1
  # setsid: Ctrl-C reaches only the script, which then stops its processes in order.
  setsid "$@" </dev/null >>"$bench_work/$name.log" 2>&1 8>&- &
  bench_pids[$name]=$!
  bench_order+=("$name")
}

bench_stop() { # NAME
  local pid="${bench_pids[$1]:-}"
  unset "bench_pids[$1]"
  stop_process "$1" "$pid"
}

bench_stop_all() {
  local i name
  for ((i = ${#bench_order[@]} - 1; i >= 0; i--)); do
    name="${bench_order[$i]}"
    [ -z "${bench_pids[$name]:-}" ] || bench_stop "$name"
  done
  bench_order=()
}

bench_alive_or_die() {
  local name
  for name in "${!bench_pids[@]}"; do
    kill -0 "${bench_pids[$name]}" 2>/dev/null || { show_tail "$bench_work/$name.log"; die "the $name exited"; }
  done
}

bench_show_logs() {
  local name
  for name in "${!bench_pids[@]}"; do show_tail "$bench_work/$name.log"; done
}

bench_start_stack() { # SILOS GATEWAYS [NAME=VALUE...]
  local silos="$1" gateways="$2" n name cluster=bench pair
  shift 2
  [ -n "$bench_api" ] || bench_api="http://127.0.0.1:$(free_port)"
  export HUU_ENVIRONMENT=development LOG_LEVEL=WARNING ROOT_URL="$bench_api" ASPNETCORE_URLS="$bench_api"
  for pair in "$@"; do [ "${pair%%=*}" != ORLEANS_CLUSTER_ID ] || cluster="${pair#*=}"; done
  export ORLEANS_CLUSTER_ID="$cluster" # for the benchmark's own cluster clients too (bench/DashboardLoad)
  for ((n = 1; n <= silos; n++)); do
    name=silo
    [ "$silos" = 1 ] || name="silo$n"
    bench_start "$name" env ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)" \
      "$@" dotnet "$silo_dll"
  done
  for ((n = 1; n <= gateways; n++)); do
    name=gateway
    [ "$gateways" = 1 ] || name="gateway$n"
    bench_gateway_url[$n]="$bench_api"
    [ "$n" = 1 ] || bench_gateway_url[$n]="http://127.0.0.1:$(free_port)"
    # The gateway finds the silos through the cluster's membership table.
    bench_start "$name" env "$@" ASPNETCORE_URLS="${bench_gateway_url[$n]}" dotnet "$gateway_dll"
  done
  log "started $silos silo(s) and $gateways gateway(s) of cluster $cluster on $bench_api (logs ${bench_work#"$root/"}/*.log)"
}

bench_wait_ready() { # URL [SECONDS]
  local deadline=$((SECONDS + ${2:-180}))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 "$1" 2>/dev/null || true)" = 200 ]; do
    bench_alive_or_die
    [ "$SECONDS" -lt "$deadline" ] || { bench_show_logs; die "$1 did not answer 200 in ${2:-180} s"; }
    sleep 0.5
  done
}

bench_signin() { # EMAIL [BASE_URL]
  curl -s -m 10 -X POST -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"Test123!\"}" \
    "${2:-$bench_api}/api/auth/signin" | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("token",""))
except Exception: print("")' || true
}

bench_wait_signin() { # EMAIL [SECONDS] [BASE_URL]
  local deadline=$((SECONDS + ${2:-180})) token=""
  while [ -z "$token" ]; do
    bench_alive_or_die
    [ "$SECONDS" -lt "$deadline" ] || { bench_show_logs; die "$1 could not sign in within ${2:-180} s"; }
    token="$(bench_signin "$1" "${3:-}")"
    [ -n "$token" ] || sleep 1
  done
  echo "$token"
}

bench_wait_silos_active() { # CLUSTER N [SECONDS]
  local deadline=$((SECONDS + ${3:-300}))
  until [ "$(bench_psql -d huu -c "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '$1' AND status = 3" 2>/dev/null || echo 0)" = "$2" ]; do
    bench_alive_or_die
    [ "$SECONDS" -lt "$deadline" ] || { bench_show_logs; die "$2 silos of cluster $1 were not active in ${3:-300} s"; }
    sleep 1
  done
}

bench_wrk_settings() {
  duration="${BENCH_DURATION:-10s}"
  connections="${BENCH_CONNECTIONS:-32}"
  threads="${BENCH_THREADS:-2}"
}

bench_wrk_summary() { # [FILE]
  awk '
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
    END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }' "$@"
}

bench_wrk() { # URL [HEADER...]   (BENCH_WRK_SCRIPT: a wrk Lua script to run with it)
  local url="$1" args=() h
  shift
  for h in "$@"; do args+=(-H "$h"); done
  [ -z "${BENCH_WRK_SCRIPT:-}" ] || args+=(-s "$BENCH_WRK_SCRIPT")
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "${args[@]}" "$url" 8>&- | tee -a "$bench_work/wrk.log" | bench_wrk_summary
}

bench_wrk3() { # URL [HEADER...]
  local runs=() i requests=0
  for i in 1 2 3; do
    runs+=("$(bench_wrk "$@")")
    requests=$((requests + $(awk '/ requests in / { n = $1 } END { print n + 0 }' "$bench_work/wrk.log")))
  done
  printf '%s\n' "${runs[@]}" | awk -v requests="$requests" '
    function median(a, b, c) { return (a + 0 <= b + 0) == (b + 0 <= c + 0) ? b : (b + 0 <= a + 0) == (a + 0 <= c + 0) ? a : c }
    { rps[NR] = $1; p50[NR] = $2; p99[NR] = $3; bad += $4 }
    END { printf "%s %s %s %d %d\n", median(rps[1], rps[2], rps[3]), median(p50[1], p50[2], p50[3]), median(p99[1], p99[2], p99[3]), bad, requests }'
}
