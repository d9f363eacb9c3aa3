#!/usr/bin/env bash
# Usage: scripts/stack.sh
#
# Runs the whole local stack, in the foreground, until Ctrl-C (or SIGTERM):
#   1. dotnet build HomeUniteUs.sln -c Release                      (log .stack/build.log)
#   2. PostgreSQL 15 from .stack/pgdata on a free port              (scripts/pg-up.sh .stack)
#      The database huu is dropped and created empty on every start, because moto (below)
#      starts empty too and the two must agree on who exists; HUU_STACK_KEEP_DB=1 keeps it.
#   3. moto (Cognito) on a free port, a fresh pool, app client and groups
#                                       (scripts/moto-up.sh .stack, scripts/cognito-pool.sh)
#   4. .stack/env: DATABASE_URL, COGNITO_*, HUU_ENVIRONMENT=development, ROOT_URL, LOG_LEVEL,
#      ASPNETCORE_URLS (and ORLEANS_* when set in the caller's environment)
#   5. the silo (migrates the database, seeds the test users), serving the API itself
#      (co-hosted mode, HUU_COHOSTED_API=true: bench/api.sh measured it faster than split on
#      this machine)                                                  (log .stack/silo.log),
#      or with HUU_STACK_MODE=split a separate gateway process beside it (log .stack/gateway.log)
#   6. waits until GET /api/health/ready answers 200 (at most HUU_READY_TIMEOUT=120 s; on
#      timeout prints the logs' last lines and stops everything), then prints the URLs.
# Ctrl-C / SIGTERM stops the gateway, the silo, moto and PostgreSQL, in that order.
#
# Environment: HUU_PORT (gateway port, default 8000), ROOT_URL (default
# http://localhost:$HUU_PORT), LOG_LEVEL (default INFO), ORLEANS_SILO_PORT,
# ORLEANS_GATEWAY_PORT (defaults 11111, 30000), HUU_STACK_KEEP_DB=1, HUU_READY_TIMEOUT,
# HUU_STACK_MODE (cohosted, the default, or split).
# stdout: the URLs and the test users, once the stack is ready. Progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh

stack="$root/.stack"
http_port="${HUU_PORT:-8000}"
api="http://127.0.0.1:$http_port"
root_url="${ROOT_URL:-http://localhost:$http_port}"
silo_port="${ORLEANS_SILO_PORT:-11111}"
gateway_port="${ORLEANS_GATEWAY_PORT:-30000}"
ready_timeout="${HUU_READY_TIMEOUT:-120}"
mode="${HUU_STACK_MODE:-cohosted}"
case "$mode" in cohosted | split) ;; *) die "HUU_STACK_MODE is cohosted or split, not '$mode'" ;; esac
silo_dll="Silo/bin/Release/net10.0/Silo.dll"
gateway_dll="WebGateway/bin/Release/net10.0/WebGateway.dll"

mkdir -p "$stack"
exec 8>"$stack/stack.lock"
flock -n 8 || die "another scripts/stack.sh is running from $stack"

ensure_dotnet
for p in "$http_port" "$silo_port" "$gateway_port"; do
  port_is_free "$p" || die "port $p on 127.0.0.1 is already in use (set HUU_PORT, ORLEANS_SILO_PORT or ORLEANS_GATEWAY_PORT to move the stack)"
done

silo_pid=""
gateway_pid=""
services_started=0

# Stops one of our child processes: SIGTERM (graceful shutdown), SIGKILL after TIMEOUT s.
stop_child() { # NAME PID TIMEOUT
  local name="$1" pid="$2" timeout="$3" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  log "stopping the $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "the $name did not stop in $timeout s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap '' INT TERM # a second Ctrl-C must not cut the shutdown short
  trap - EXIT
  stop_child gateway "$gateway_pid" 20
  stop_child silo "$silo_pid" 30
  if [ "$services_started" = 1 ]; then
    scripts/moto-down.sh "$stack" 8>&- || true
    scripts/pg-down.sh "$stack" 8>&- || true
  fi
  log "stopped (logs in .stack/)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building: dotnet build HomeUniteUs.sln -c Release (log .stack/build.log)"
# To a file, not a pipe: build servers outlive the build and would hold a pipe open.
if ! dotnet build HomeUniteUs.sln -c Release >"$stack/build.log" 2>&1 8>&-; then
  show_tail "$stack/build.log"
  die "the build failed (see .stack/build.log)"
fi
[ -f "$silo_dll" ] || die "$silo_dll is missing after the build"
[ -f "$gateway_dll" ] || die "$gateway_dll is missing after the build"

services_started=1
db_line="$(scripts/pg-up.sh "$stack" 8>&-)"
database_url="${db_line#DATABASE_URL=}"
pg_port="$(cat "$stack/pg.port")"
if [ "${HUU_STACK_KEEP_DB:-0}" != 1 ]; then
  log "recreating the database huu empty (HUU_STACK_KEEP_DB=1 keeps it)"
  PGPASSWORD=huu "$HUU_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U huu \
    -d postgres -c 'DROP DATABASE IF EXISTS huu WITH (FORCE)' -c 'CREATE DATABASE huu OWNER huu' >&2
fi

moto_line="$(scripts/moto-up.sh "$stack" 8>&-)"
moto_url="${moto_line#MOTO_URL=}"
cognito="$(COGNITO_REDIRECT_URI="http://localhost:$http_port/api/auth/callback" \
  scripts/cognito-pool.sh "$moto_url" 8>&-)"
for key in COGNITO_REGION COGNITO_USER_POOL_ID COGNITO_CLIENT_ID COGNITO_CLIENT_SECRET \
  COGNITO_ACCESS_ID COGNITO_ACCESS_KEY COGNITO_IDP_ENDPOINT_URL COGNITO_ENDPOINT_URL \
  COGNITO_REDIRECT_URI; do
  grep -q "^$key=" <<<"$cognito" || die "scripts/cognito-pool.sh printed no $key"
done

old_umask="$(umask)"
umask 077
{
  echo "# Written by scripts/stack.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); rewritten on every start."
  echo "DATABASE_URL=$database_url"
  grep '^COGNITO_[A-Z_]*=' <<<"$cognito"
  echo "HUU_ENVIRONMENT=development"
  echo "ROOT_URL=$root_url"
  echo "LOG_LEVEL=${LOG_LEVEL:-INFO}"
  echo "ASPNETCORE_URLS=$api"
  for key in ORLEANS_CLUSTER_ID ORLEANS_SILO_PORT ORLEANS_GATEWAY_PORT ORLEANS_ADVERTISED_IP; do
    if [ -n "${!key:-}" ]; then echo "$key=${!key}"; fi
  done
} >"$stack/env"
umask "$old_umask"
log "settings written to .stack/env"

# The processes get .stack/env in their environment (which wins over a .env file).
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  export "${line%%=*}=${line#*=}"
done <"$stack/env"

# setsid: Ctrl-C reaches only this script, which then stops the gateway before the silo.
if [ "$mode" = cohosted ]; then
  log "mode: co-hosted (one silo process serving the API; bench/api.sh measured it faster than split here; HUU_STACK_MODE=split runs a separate gateway)"
  log "starting the silo, serving the API on $api (log .stack/silo.log)"
  HUU_COHOSTED_API=true setsid dotnet "$silo_dll" </dev/null >"$stack/silo.log" 2>&1 8>&- &
  silo_pid=$!
else
  log "mode: split (HUU_STACK_MODE=split: silo + gateway processes; the default co-hosted mode measured faster here)"
  log "starting the silo (log .stack/silo.log)"
  setsid dotnet "$silo_dll" </dev/null >"$stack/silo.log" 2>&1 8>&- &
  silo_pid=$!
  log "starting the gateway on $api (log .stack/gateway.log)"
  setsid dotnet "$gateway_dll" </dev/null >"$stack/gateway.log" 2>&1 8>&- &
  gateway_pid=$!
fi

log "waiting for $api/api/health/ready (at most $ready_timeout s)"
deadline=$((SECONDS + ready_timeout))
while :; do
  probe="$(http_probe "$api/api/health/ready")"
  [ "${probe%% *}" = 200 ] && break
  if ! kill -0 "$silo_pid" 2>/dev/null; then
    show_tail "$stack/silo.log"
    die "the silo exited before the stack was ready"
  fi
  if [ -n "$gateway_pid" ] && ! kill -0 "$gateway_pid" 2>/dev/null; then
    show_tail "$stack/gateway.log"
    die "the gateway exited before the stack was ready"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    show_tail "$stack/silo.log" "$stack/gateway.log"
    die "not ready after $ready_timeout s; last answer of /api/health/ready: ${probe:-none}"
  fi
  sleep 1
done

cat <<EOF
Home Unite Us is running ($mode mode).
  API:         $api/api  (ROOT_URL $root_url)
  Swagger UI:  $api/docs
  metrics:     $api/metrics  (Prometheus text)
  PostgreSQL:  $database_url
  moto:        $moto_url  (Cognito pool $(grep '^COGNITO_USER_POOL_ID=' "$stack/env" | cut -d= -f2))
  settings:    .stack/env   logs: .stack/*.log
Seeded test users, all with the password Test123!:
  admin@example.com, guest[a-z]@example.com, coordinator[a-z]@example.com, host[a-z]@example.com
Ctrl-C stops the gateway, the silo, moto and PostgreSQL.
EOF

while :; do
  if ! kill -0 "$silo_pid" 2>/dev/null; then
    show_tail "$stack/silo.log"
    die "the silo exited"
  fi
  if [ -n "$gateway_pid" ] && ! kill -0 "$gateway_pid" 2>/dev/null; then
    show_tail "$stack/gateway.log"
    die "the gateway exited"
  fi
  # In the background and waited for, so that a signal is handled at once.
  sleep 1 &
  wait $! || true
done
