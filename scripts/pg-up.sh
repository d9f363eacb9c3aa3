#!/usr/bin/env bash
# Usage: scripts/pg-up.sh DIR
#
# Starts a private PostgreSQL 15 server whose files all live in DIR, for the local stack and
# the tests:
#   DIR/pgdata        the data directory (initdb'd on first use, reused afterwards)
#   DIR/sock/         the unix socket directory (mode 0700; a short /tmp dir if DIR is too deep)
#   DIR/postgres.log  the server log
#   DIR/pg.port       the TCP port it listens on (127.0.0.1 only; a free port, the previous
#                     one when it is still free)
# with fsync on, a role huu (password huu, LOGIN CREATEDB) and a database huu owned by it.
# As root, the server runs as the OS user postgres (PostgreSQL refuses root): DIR and its
# parents are given o+x (search, not read) where postgres could not reach it.
# If PostgreSQL 15 is not installed, installs postgresql-15 with apt-get (root only).
# HUU_PG_STATEMENTS=on (benchmarks only, e.g. bench/write-cost.sh): loads pg_stat_statements
# (every statement, nested ones and planning included) and creates its view in database postgres,
# readable by huu for its own statements. A server already running without it is refused.
#
# stdout: exactly one line, DATABASE_URL=postgresql://huu:huu@127.0.0.1:<port>/huu
# (also when the server of DIR is already running). Progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/ensure.sh
. "$here/lib/ensure.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: pg-up.sh DIR"; fi
ensure_postgres

mkdir -p -- "$1"
dir="$(cd -- "$1" && pwd -P)"
pgdata="$dir/pgdata"
logfile="$dir/postgres.log"

# One pg-up/pg-down at a time per DIR. fd 9 must not leak into the server (see 9>&- below).
exec 9>"$dir/.pg.lock"
flock -w 120 9 || die "another pg-up/pg-down is busy with $dir"

# Who runs the server: ourselves, or (as root) the owner of an existing data directory,
# else postgres.
if is_root; then
  if [ -d "$pgdata" ]; then owner="$(stat -c %U "$pgdata")"; else owner=postgres; fi
  [ "$owner" != root ] || die "$pgdata belongs to root; PostgreSQL cannot run as root"
  id "$owner" >/dev/null 2>&1 || die "OS user $owner (to run PostgreSQL as) does not exist"
  as_owner() { (cd / && runuser -u "$owner" -- "$@"); }
  # The server user must be able to reach DIR: grant search permission where it is missing.
  path=""
  IFS='/' read -r -a parts <<<"$dir"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    path="$path/$part"
    if ! runuser -u "$owner" -- test -x "$path"; then
      log "chmod o+x $path (so that $owner can reach $dir)"
      chmod o+x "$path"
    fi
  done
else
  owner="$(id -un)"
  as_owner() { (cd / && "$@"); }
fi

print_url() {
  echo "$1" >"$dir/pg.port"
  echo "DATABASE_URL=postgresql://huu:huu@127.0.0.1:$1/huu"
}

# Creates role and database huu if missing (idempotent), over the unix socket as postgres.
create_role_and_db() { # PORT SOCKDIR
  as_owner "$HUU_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$2" -p "$1" -U postgres -d postgres >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'huu') THEN
    CREATE ROLE huu LOGIN CREATEDB PASSWORD 'huu';
  END IF;
END
$$;
SELECT 'CREATE DATABASE huu OWNER huu' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'huu')
\gexec
SQL
  if [ "${HUU_PG_STATEMENTS:-off}" = on ]; then
    as_owner "$HUU_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$2" -p "$1" -U postgres -d postgres \
      -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' -c 'SELECT count(*) FROM pg_stat_statements' >/dev/null ||
      die "HUU_PG_STATEMENTS=on: pg_stat_statements is not loaded (a server started without it still runs from $dir? stop it with scripts/pg-down.sh)"
  fi
}

wait_ready() { # PORT
  local i
  for i in $(seq 1 60); do
    if "$HUU_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -d postgres; then return 0; fi
    [ "$i" -lt 60 ] || break
    sleep 1
  done
  show_tail "$logfile"
  die "PostgreSQL on 127.0.0.1:$1 does not accept connections"
}

# Already running from this DIR? postmaster.pid's 4th line is the port, the 5th the socket dir.
if [ -f "$pgdata/PG_VERSION" ] && as_owner "$HUU_PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  port="$(sed -n 4p "$pgdata/postmaster.pid")"
  sockdir="$(sed -n 5p "$pgdata/postmaster.pid")"
  log "PostgreSQL from $pgdata is already running on 127.0.0.1:$port"
  wait_ready "$port"
  create_role_and_db "$port" "$sockdir"
  print_url "$port"
  exit 0
fi

# First use: initdb.
if [ ! -f "$pgdata/PG_VERSION" ]; then
  if [ -d "$pgdata" ] && [ -n "$(ls -A "$pgdata")" ]; then
    die "$pgdata exists, is not empty and is not a PostgreSQL data directory"
  fi
  mkdir -p "$pgdata"
  if is_root; then chown "$owner:" "$pgdata"; fi
  chmod 700 "$pgdata"
  log "initdb $pgdata (as $owner)"
  # Superuser "postgres", trusted on the unix socket only (its directory is 0700 and owned by
  # the server's user); TCP logins need a password.
  as_owner "$HUU_PG_BIN/initdb" -D "$pgdata" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >&2
  echo "include = 'huu.conf'" | as_owner tee -a "$pgdata/postgresql.conf" >/dev/null
fi

# The unix socket: inside DIR unless that path would be too long for a socket (107 bytes).
sockdir="$dir/sock"
if [ "${#sockdir}" -gt 90 ]; then
  sockdir="/tmp/huu-pg-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
  log "$dir is too deep for a unix socket path; using $sockdir"
fi
mkdir -p "$sockdir"
if is_root; then chown "$owner:" "$sockdir"; fi
chmod 700 "$sockdir"
touch "$logfile"
if is_root; then chown "$owner:" "$logfile"; fi

# Settings that pg-up.sh owns, rewritten on every start (postgresql.conf includes this file).
sq() { printf '%s' "$1" | sed "s/'/''/g"; }
write_conf() { # PORT
  as_owner tee "$pgdata/huu.conf" >/dev/null <<EOF
# Written by scripts/pg-up.sh on every start: edits here are lost.
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$(sq "$sockdir")'
unix_socket_permissions = 0700
max_connections = 300
# Durability is under test (kill -9 of a silo must lose no acknowledged write): keep it all on.
fsync = on
synchronous_commit = on
full_page_writes = on
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  if [ "${HUU_PG_STATEMENTS:-off}" = on ]; then
    as_owner tee -a "$pgdata/huu.conf" >/dev/null <<'EOF'
# HUU_PG_STATEMENTS=on: per-statement counters for the benchmarks.
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.track_planning = on
pg_stat_statements.max = 10000
EOF
  fi
}

# The port: the previous one if it is still free, else whatever the kernel gives us. Another
# process may take a free port before the server binds it: then try another one.
port=""
if [ -f "$dir/pg.port" ]; then
  port="$(tr -dc '0-9' <"$dir/pg.port")"
  if [ -n "$port" ] && ! port_is_free "$port"; then port=""; fi
fi
for attempt in 1 2 3 4 5; do
  [ -n "$port" ] || port="$(free_port)"
  write_conf "$port"
  log_size="$(stat -c %s "$logfile")"
  log "starting PostgreSQL on 127.0.0.1:$port (data $pgdata, log $logfile)"
  if as_owner "$HUU_PG_BIN/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 60 start >&2 9>&-; then
    break
  fi
  if [ "$attempt" -lt 5 ] && tail -c "+$((log_size + 1))" "$logfile" | grep -q 'Address already in use'; then
    log "port $port was taken meanwhile; trying another"
    port=""
    continue
  fi
  show_tail "$logfile"
  die "PostgreSQL did not start"
done
wait_ready "$port"
create_role_and_db "$port" "$sockdir"
print_url "$port"
