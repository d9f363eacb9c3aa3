#!/usr/bin/env bash
# Usage: bench/startup.sh [RUNS]
#
# Start-up time of the built Release silo and gateway (dotnet build -c Release first), RUNS times
# (default 3) against a fresh PostgreSQL database and moto pool (scripts/pg-up.sh, moto-up.sh,
# cognito-pool.sh in .bench-startup/). Measures, from the moment the process is launched:
#   silo        until the gateway's /api/health/ready says "cluster: ok" (the gateway runs already)
#   gateway     until /api/health answers (the silo runs already)
# with HUU_ENVIRONMENT=test (no seeding). The first run also applies the migrations to the empty
# database. Prints one table; stops everything it starts. BENCH_TELEMETRY (off; on = OTLP export
# to a local sink, see bench/telemetry-switch.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh
# shellcheck source=bench/telemetry-switch.sh
. bench/telemetry-switch.sh
runs="${1:-3}"
work="$root/.bench-startup"
mkdir -p "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

dotnet build HomeUniteUs.sln -c Release >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; exit 1; }
database_url="$(scripts/pg-up.sh "$work" | sed -n 's/^DATABASE_URL=//p')"
moto_url="$(scripts/moto-up.sh "$work" | sed -n 's/^MOTO_URL=//p')"
silo_pid=""
gateway_pid=""
cleanup() {
  for pid in $gateway_pid $silo_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/moto-down.sh "$work" || true
  scripts/pg-down.sh "$work" || true
  telemetry_stop
}
trap cleanup EXIT
db="huu_startup_$$"
psql "$database_url" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
set -a
# shellcheck disable=SC1090
. <(scripts/cognito-pool.sh "$moto_url")
set +a
export DATABASE_URL="${database_url%/*}/$db" ROOT_URL=http://localhost:3000 HUU_ENVIRONMENT=test LOG_LEVEL=WARNING
telemetry_switch "$work"

printf '| run | silo ms (to cluster ok) | gateway ms (to /api/health) |\n|-----|-------------------------|-----------------------------|\n'
for run in $(seq 1 "$runs"); do
  http_port="$(free_port)"
  export ASPNETCORE_URLS="http://127.0.0.1:$http_port" ORLEANS_CLUSTER_ID="startup-$run-$$"
  export ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)"

  # The gateway first, waiting for a silo: the silo's time runs until the cluster check is ok.
  dotnet WebGateway/bin/Release/net10.0/WebGateway.dll >"$work/gateway-$run.log" 2>&1 &
  gateway_pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$http_port/api/health"; do sleep 0.05; done
  started="$(now_ms)"
  dotnet Silo/bin/Release/net10.0/Silo.dll >"$work/silo-$run.log" 2>&1 &
  silo_pid=$!
  until curl -s "http://127.0.0.1:$http_port/api/health/ready" | grep -q '"cluster":"ok"'; do sleep 0.05; done
  silo_ms=$(($(now_ms) - started))

  # Then a second gateway against the running silo.
  kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
  started="$(now_ms)"
  dotnet WebGateway/bin/Release/net10.0/WebGateway.dll >"$work/gateway2-$run.log" 2>&1 &
  gateway_pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$http_port/api/health"; do sleep 0.02; done
  gateway_ms=$(($(now_ms) - started))
  printf '| %3d | %23d | %27d |\n' "$run" "$silo_ms" "$gateway_ms"

  kill -TERM "$gateway_pid" "$silo_pid"; wait "$gateway_pid" "$silo_pid" 2>/dev/null || true
  gateway_pid=""; silo_pid=""
done
