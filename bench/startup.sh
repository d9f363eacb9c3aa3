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
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): bench/startup.sh 1
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
runs="${1:-3}"
bench_positive RUNS "$runs"
now_ms() { date +%s%3N; }
bench_init "$root/.bench-startup" curl
bench_build
bench_services_up
export ROOT_URL=http://localhost:3000 HUU_ENVIRONMENT=test LOG_LEVEL=WARNING
telemetry_switch "$bench_work"

printf '| run | silo ms (to cluster ok) | gateway ms (to /api/health) |\n|-----|-------------------------|-----------------------------|\n'
for run in $(seq 1 "$runs"); do
  http_port="$(free_port)"
  export ASPNETCORE_URLS="http://127.0.0.1:$http_port" ORLEANS_CLUSTER_ID="startup-$run-$$"
  export ORLEANS_SILO_PORT="$(free_port)" ORLEANS_GATEWAY_PORT="$(free_port)"

  # The gateway first, waiting for a silo: the silo's time runs until the cluster check is ok.
  bench_start "gateway-$run" dotnet "$gateway_dll"
  until curl -s -o /dev/null "http://127.0.0.1:$http_port/api/health"; do sleep 0.05; done
  started="$(now_ms)"
  bench_start "silo-$run" dotnet "$silo_dll"
  until curl -s "http://127.0.0.1:$http_port/api/health/ready" | grep -q '"cluster":"ok"'; do sleep 0.05; done
  silo_ms=$(($(now_ms) - started))

  # Then a second gateway against the running silo.
  bench_stop "gateway-$run"
  started="$(now_ms)"
  bench_start "gateway2-$run" dotnet "$gateway_dll"
  until curl -s -o /dev/null "http://127.0.0.1:$http_port/api/health"; do sleep 0.02; done
  gateway_ms=$(($(now_ms) - started))
  printf '| %3d | %23d | %27d |\n' "$run" "$silo_ms" "$gateway_ms"

  bench_stop_all
done
