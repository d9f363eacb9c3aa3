#!/usr/bin/env bash
# Usage: bench/signin.sh [N]
#
# Sign-in latency against moto: starts the local stack (scripts/stack.sh, on a free port),
# signs the seeded user hosta@example.com in N times in a row (default 100) through
# POST /api/auth/signin, and prints one table: median, p90, p99, min, max (ms) for the
# sign-in, and for comparison GET /api/auth/session (refresh from cookies) and
# GET /api/users/current (a verified bearer token). Stops the stack afterwards.
# BENCH_TELEMETRY (off; on = OTLP export to a local sink, see bench/telemetry-switch.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
# shellcheck source=bench/telemetry-switch.sh
. bench/telemetry-switch.sh
n="${1:-100}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$root/.stack/bench-signin.log"
mkdir -p "$root/.stack"
telemetry_switch "$root/.stack"
: >"$log" # now, not in the background job below: the wait loop must not read the last run's log

HUU_PORT="$port" ORLEANS_SILO_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" \
  ORLEANS_GATEWAY_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" \
  scripts/stack.sh >"$log" 2>&1 &
stack_pid=$!
trap 'kill -TERM "$stack_pid" 2>/dev/null || true; wait "$stack_pid" 2>/dev/null || true; telemetry_stop' EXIT

for _ in $(seq 1 300); do
  if grep -q "admin@example.com" "$log" 2>/dev/null; then break; fi
  kill -0 "$stack_pid" 2>/dev/null || { tail -n 30 "$log" >&2; exit 1; }
  sleep 1
done

python3 - "$port" "$n" <<'PY'
import http.client, json, statistics, sys, time

port, n = int(sys.argv[1]), int(sys.argv[2])

def call(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    payload = json.dumps(body) if body is not None else None
    started = time.perf_counter()
    connection.request(method, path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{method} {path} answered {response.status}: {data[:200]!r}")
    return elapsed, json.loads(data), cookies

credentials = {"email": "hosta@example.com", "password": "Test123!"}
call("POST", "/api/auth/signin", credentials)  # warm-up
signin, session, current = [], [], []
for _ in range(n):
    elapsed, body, cookies = call("POST", "/api/auth/signin", credentials)
    signin.append(elapsed)
token = body["token"]
cookie = "; ".join(cookies)
for _ in range(n):
    session.append(call("GET", "/api/auth/session", headers={"Cookie": cookie})[0])
    current.append(call("GET", "/api/users/current", headers={"Authorization": f"Bearer {token}"})[0])

def row(name, samples):
    s = sorted(samples)
    q = lambda p: s[min(len(s) - 1, int(round(p * (len(s) - 1))))]
    return f"| {name:<28} | {len(s):>4} | {statistics.median(s):>8.1f} | {q(0.9):>8.1f} | {q(0.99):>8.1f} | {s[0]:>8.1f} | {s[-1]:>8.1f} |"

print("| route (sequential, loopback)  |    n | median ms |   p90 ms |   p99 ms |   min ms |   max ms |")
print("|------------------------------|------|-----------|----------|----------|----------|----------|")
print(row("POST /api/auth/signin", signin))
print(row("GET /api/auth/session", session))
print(row("GET /api/users/current", current))
PY
