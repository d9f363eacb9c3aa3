#!/usr/bin/env bash
# Usage: scripts/moto-up.sh DIR
#
# Starts moto's server (the local stand-in for AWS Cognito) in the background on a free port of
# 127.0.0.1: pid in DIR/moto.pid, port in DIR/moto.port, log in DIR/moto.log. Waits until it
# answers HTTP. If moto_server is missing, installs moto[server]==5.2.1 with pip.
# moto keeps its state in memory only: every start is empty (create a pool with
# scripts/cognito-pool.sh).
#
# stdout: exactly one line, MOTO_URL=http://127.0.0.1:<port> (also when the server of DIR is
# already running). Progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=scripts/lib/ensure.sh
. "$here/lib/ensure.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: moto-up.sh DIR"; fi
mkdir -p -- "$1"
dir="$(cd -- "$1" && pwd -P)"
pidfile="$dir/moto.pid"
portfile="$dir/moto.port"
logfile="$dir/moto.log"

# The pid in DIR/moto.pid, if that process is alive and is moto.
running_pid() {
  local pid
  [ -f "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q moto || return 1
  echo "$pid"
}

if pid="$(running_pid)" && [ -f "$portfile" ]; then
  port="$(tr -dc '0-9' <"$portfile")"
  if [ "$(http_status "http://127.0.0.1:$port/moto-api/")" != 000 ]; then
    log "moto from $dir is already running (pid $pid) on 127.0.0.1:$port"
    echo "MOTO_URL=http://127.0.0.1:$port"
    exit 0
  fi
fi

ensure_moto
# A free port may be taken by another process before moto binds it: then try another one.
for attempt in 1 2 3 4 5; do
  port="$(free_port)"
  log_size=0
  if [ -f "$logfile" ]; then log_size="$(stat -c %s "$logfile")"; fi
  log "starting ${MOTO_CMD[*]} on 127.0.0.1:$port (log $logfile)"
  # setsid: its own session and process group, so that a Ctrl-C meant for the caller does not
  # reach it and moto-down.sh can stop the whole group. No fd of ours may leak into it: a
  # caller that reads our stdout to its end would otherwise wait for moto to exit.
  setsid "${MOTO_CMD[@]}" -H 127.0.0.1 -p "$port" </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  echo "$port" >"$portfile"

  for i in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      if [ "$attempt" -lt 5 ] && tail -c "+$((log_size + 1))" "$logfile" | grep -q 'Address already in use'; then
        log "port $port was taken meanwhile; trying another"
        continue 2
      fi
      show_tail "$logfile"
      die "moto exited before answering"
    fi
    if [ "$(http_status "http://127.0.0.1:$port/moto-api/")" != 000 ]; then
      log "moto answers on 127.0.0.1:$port (pid $pid)"
      echo "MOTO_URL=http://127.0.0.1:$port"
      exit 0
    fi
    if [ "$i" -lt 120 ]; then sleep 0.5; fi
  done
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  show_tail "$logfile"
  die "moto did not answer on 127.0.0.1:$port within 60 s"
done
die "moto could not get a free port"
