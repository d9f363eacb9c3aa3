#!/usr/bin/env bash
# Usage: scripts/pg-down.sh DIR [fast|immediate]
#
# Stops the PostgreSQL server that scripts/pg-up.sh started from DIR (pg_ctl stop -m fast,
# or -m immediate when asked: no clean shutdown, as in a crash; as the user that owns DIR/pgdata). Not running, or no DIR at all: nothing to do, exit 0.
# The data directory stays; the next pg-up.sh DIR reuses it. Prints nothing on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/ensure.sh
. "$here/lib/ensure.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then die "usage: pg-down.sh DIR [fast|immediate]"; fi
mode="${2:-fast}"
case "$mode" in fast|immediate) ;; *) die "usage: pg-down.sh DIR [fast|immediate]" ;; esac
if [ ! -d "$1" ]; then
  log "$1 does not exist: nothing to stop"
  exit 0
fi
dir="$(cd -- "$1" && pwd -P)"
pgdata="$dir/pgdata"
if [ ! -f "$pgdata/PG_VERSION" ]; then
  log "no PostgreSQL data directory in $dir: nothing to stop"
  exit 0
fi
[ -x "$HUU_PG_BIN/pg_ctl" ] || die "$HUU_PG_BIN/pg_ctl not found"

exec 9>"$dir/.pg.lock"
flock -w 120 9 || die "another pg-up/pg-down is busy with $dir"

owner="$(stat -c %U "$pgdata")"
if is_root; then
  [ "$owner" != root ] || die "$pgdata belongs to root"
  as_owner() { (cd / && runuser -u "$owner" -- "$@"); }
elif [ "$owner" = "$(id -un)" ]; then
  as_owner() { (cd / && "$@"); }
else
  die "$pgdata belongs to $owner: run pg-down.sh as $owner or as root"
fi

if ! as_owner "$HUU_PG_BIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  log "PostgreSQL from $pgdata is not running"
  exit 0
fi
log "stopping PostgreSQL from $pgdata ($mode)"
if ! as_owner "$HUU_PG_BIN/pg_ctl" -D "$pgdata" -m "$mode" -w -t 60 stop >&2; then
  log "fast shutdown did not finish in 60 s: shutting down immediately"
  as_owner "$HUU_PG_BIN/pg_ctl" -D "$pgdata" -m immediate -w -t 30 stop >&2
fi
