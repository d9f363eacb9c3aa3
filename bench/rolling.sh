#!/usr/bin/env bash
# Usage: bench/rolling.sh [WORKERS]
#
# Rolling restarts under load (issue 21, API.md "Operations"). On a fresh local stack
# (scripts/pg-up.sh, moto-up.sh, cognito-pool.sh in .bench-rolling/; Release build;
# HUU_ENVIRONMENT=development for the seeded users): three silos and two gateways on 127.0.0.1
# behind HAProxy (Debian package haproxy, installed by ensure_haproxy when missing), which
# health-checks /api/health/ready every second (out after 2 failures, back after 2 successes; 5 s
# for an answer).
# bench/rolling_load.py sends steady mixed load through HAProxy (WORKERS threads, default 4:
# org reads, org lists, current user, creates with an Idempotency-Key, sign-ins of seeded users)
# while, one at a time, every silo and then every gateway is restarted: SIGTERM, wait for the
# process to exit, start it again, wait until it is in (a silo Active in the membership table, a
# gateway ready and taken back by HAProxy). Then the kill -9 round: one silo killed -9 under
# load and 40 s more of load; its failures must end within the detection window (20 s, below).
# Prints one table: per step, requests sent (a request still in flight when the kill -9 round begins
# is counted in that round: its call may have gone to the killed silo), failures by kind (HTTP status and error code, or
# connection errors) and the seconds from the step's start to its first and last failure; then
# acknowledged creates, how many of them were not read back at the end (lost), and how many
# requests the gateways ran again because a silo left (their /metrics, before the kill -9 round).
# Stops everything it starts.
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
workers="${1:-4}"
bench_init "$root/.bench-rolling" curl
work="$bench_work"
ensure_haproxy
bench_build
bench_services_up

cluster="rolling-$$"
export ROOT_URL=http://localhost:3000 HUU_ENVIRONMENT=development LOG_LEVEL=WARNING \
  ORLEANS_CLUSTER_ID="$cluster" HUU_SHUTDOWN_DELAY="${HUU_SHUTDOWN_DELAY:-5}"

declare -A silo_port gateway_port http_port
for n in 1 2 3; do silo_port[$n]="$(free_port)" gateway_port[$n]="$(free_port)"; done
for n in 1 2; do http_port[$n]="$(free_port)"; done
lb_port="$(free_port)"
base="http://127.0.0.1:$lb_port"

start_silo() { # N (again with the same ports after a restart)
  bench_start "silo$1" env ORLEANS_SILO_PORT="${silo_port[$1]}" ORLEANS_GATEWAY_PORT="${gateway_port[$1]}" dotnet "$silo_dll"
}
start_gateway() { # N
  bench_start "gateway$1" env ASPNETCORE_URLS="http://127.0.0.1:${http_port[$1]}" dotnet "$gateway_dll"
}
# Active silos of this cluster in Orleans' membership table (status 3 = Active).
active_silos() {
  bench_psql -d huu -c "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '$cluster' AND status = 3" 2>/dev/null || echo 0
}
wait_until() { # WHAT SECONDS COMMAND...
  local what="$1" limit="$2" deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what: not within $limit s (logs in $work)"
    sleep 0.5
  done
}
# Requests gateway N ran again after a silo left (ClusterRetryMiddleware), from its /metrics.
reruns_of() { # N
  curl -sf "http://127.0.0.1:${http_port[$1]}/metrics" | awk '/^huu_gateway_cluster_reruns_total/ { split($0, after, "} "); split(after[2], value, " "); n += value[1] } END { print n + 0 }'
}
reruns=0
silos_active() { [ "$(active_silos)" = "$1" ]; }
gateway_ready() { [ "$(http_status "http://127.0.0.1:${http_port[$1]}/api/health/ready")" = 200 ]; }
# HAProxy's view of a gateway (stats socket): UP once it passed its two checks.
haproxy_up() { python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536): data += chunk
print("\n".join(l for l in data.decode().splitlines() if l.startswith("gateways,g" + sys.argv[2] + ",")))' "$work/haproxy.sock" "$1" | grep -q ',UP,'; }

for n in 1 2 3; do start_silo "$n"; done
for n in 1 2; do start_gateway "$n"; done
cat >"$work/haproxy.cfg" <<EOF
global
  maxconn 2000
  stats socket $work/haproxy.sock mode 600 level admin
defaults
  mode http
  timeout connect 2s
  timeout client 90s
  timeout server 90s
frontend api
  bind 127.0.0.1:$lb_port
  default_backend gateways
backend gateways
  balance roundrobin
  option httpchk GET /api/health/ready
  http-check expect status 200
  # The readiness check itself gives its dependencies 4 s: the balancer waits that long for its answer.
  timeout check 5s
  default-server inter 1s fall 2 rise 2
  server g1 127.0.0.1:${http_port[1]} check
  server g2 127.0.0.1:${http_port[2]} check
EOF
bench_start haproxy haproxy -f "$work/haproxy.cfg" -db

wait_until "three silos active" 300 silos_active 3
wait_until "gateway 1 ready" 300 gateway_ready 1
wait_until "gateway 2 ready" 300 gateway_ready 2
wait_until "HAProxy sees both gateways" 60 haproxy_up 1
wait_until "HAProxy sees both gateways" 60 haproxy_up 2
token="$(curl -sf -H 'Content-Type: application/json' -d '{"email":"admin@example.com","password":"Test123!"}' "$base/api/auth/signin" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
log "stack ready (3 silos, 2 gateways behind HAProxy on $base); load with $workers workers; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

phase="$work/phase"
# Written whole (a rename), so the load never reads it half-written.
# Each step's name and start (epoch seconds), which the load's failure times are counted from.
set_phase() { printf '%s\t%s\n' "$1" "$(date +%s.%N)" >"$phase.new" && mv "$phase.new" "$phase"; }
set_phase "steady"
# The load's table to load.json, its messages to load.log.
bench_start load bash -c 'exec python3 bench/rolling_load.py "$@" >"$0"' "$work/load.json" "$base" "$token" "$workers" "$phase"
load_pid="${bench_pids[load]}"
sleep 10

stop_and_wait() { # NAME
  local i p="${bench_pids[$1]}"
  kill -TERM "$p"
  for ((i = 0; i < 1200; i++)); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$p" 2>/dev/null && die "$1 did not exit within 120 s of SIGTERM"
  unset "bench_pids[$1]"
  wait "$p" || log "$1 exited with $?"
}
for n in 1 2 3; do
  set_phase "restart silo$n"
  log "silo $n: SIGTERM"
  stop_and_wait "silo$n"
  wait_until "silo $n left" 60 silos_active 2
  start_silo "$n"
  wait_until "silo $n back" 300 silos_active 3
  # The gateways' clients refresh their gateway list every 5 s: two refreshes before the next silo goes.
  sleep 11
done
for n in 1 2; do
  set_phase "restart gateway$n"
  log "gateway $n: SIGTERM"
  reruns=$((reruns + $(reruns_of "$n")))
  stop_and_wait "gateway$n"
  start_gateway "$n"
  wait_until "gateway $n ready" 300 gateway_ready "$n"
  wait_until "HAProxy takes gateway $n back" 60 haproxy_up "$n"
  sleep 2
done
set_phase "steady after"
sleep 5
for n in 1 2; do reruns=$((reruns + $(reruns_of "$n"))); done

set_phase "kill -9 silo1"
log "silo 1: kill -9 under load; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -KILL "${bench_pids[silo1]}"
wait "${bench_pids[silo1]}" 2>/dev/null || true
sleep 40
set_phase "stop"
wait "$load_pid"
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# The kill -9 window (README, "Rolling restarts"): the silo is declared dead after 3 missed probes of
# ProbeTimeout 2 s (Silo/SiloSetup.cs) and the survivors' 2 votes, ~6-8 s; a call already sent to it
# waits at most the gateway's ResponseTimeout, 15 s (WebGateway/Hosting/ClusterClientHost.cs).
window=20
python3 - "$work/load.json" "$reruns" "$window" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
window = float(sys.argv[3])
print("| step              | requests | failures | by kind                                  | first (s) | last (s) |")
print("|-------------------|----------|----------|------------------------------------------|-----------|----------|")
for name, p in r["phases"].items():
    failed = sum(p["failures"].values())
    kinds = ", ".join(f"{k}: {v}" for k, v in sorted(p["failures"].items())) or "-"
    first = "-" if p["first_failure_s"] is None else p["first_failure_s"]
    last = "-" if p["last_failure_s"] is None else p["last_failure_s"]
    print(f"| {name:<17} | {p['requests']:>8} | {failed:>8} | {kinds:<40} | {first:>9} | {last:>8} |")
rolling = {k: v for k, v in r["phases"].items() if not k.startswith("kill")}
print()
print(f"rolling restarts: {sum(p['requests'] for p in rolling.values())} requests, "
      f"{sum(sum(p['failures'].values()) for p in rolling.values())} failures; "
      f"acknowledged creates: {r['acked']}, lost: {r['lost']}; "
      f"requests the gateways ran again after a silo left: {sys.argv[2]}")
for name, p in r["phases"].items():
    if name.startswith("kill"):
        last = p["last_failure_s"]
        verdict = "no failures" if last is None else f"last failure {last} s after the kill: {'within' if last <= window else 'OUTSIDE'} the {window:.0f} s window"
        print(f"{name}: {sum(p['failures'].values())} failures of {p['requests']} requests; {verdict}; "
              f"{p['sent_before']} of the requests (failed: {p['failed_sent_before']}) were sent before the kill and "
              "answered after it")
PY
