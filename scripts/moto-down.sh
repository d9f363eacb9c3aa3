#!/usr/bin/env bash
# Usage: scripts/moto-down.sh DIR
#
# Stops the moto server that scripts/moto-up.sh started from DIR (the pid in DIR/moto.pid and
# its process group): SIGTERM, then SIGKILL after 10 s. Not running: nothing to do, exit 0.
# Prints nothing on stdout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/ensure.sh
. "$here/lib/ensure.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: moto-down.sh DIR"; fi
pidfile="$1/moto.pid"
if [ ! -f "$pidfile" ]; then
  log "no $pidfile: nothing to stop"
  exit 0
fi
pid="$(tr -dc '0-9' <"$pidfile")"
# Alive = exists and is not a zombie waiting to be reaped.
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# Only a live process that is moto (a stale pid may have been reused by something else).
if [ -z "$pid" ] || ! alive "$pid" \
  || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q moto; then
  log "moto from $1 is not running"
  rm -f "$pidfile"
  exit 0
fi

log "stopping moto (pid $pid)"
# moto-up.sh started it with setsid, so its pid is also its process group.
kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 100); do
  alive "$pid" || break
  sleep 0.1
done
if alive "$pid"; then
  log "moto (pid $pid) still running after 10 s: SIGKILL"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pidfile"
