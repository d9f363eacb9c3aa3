#!/usr/bin/env bash
# Usage: bench/write-cost.sh
#
# Where the PostgreSQL work of each write route goes: bench/api.sh's writes (create org, with and without
# Idempotency-Key, update org, intake answers, a journey step) for the query-per-request baseline and the split
# stack, on a PostgreSQL with pg_stat_statements. Prints bench/api.sh's writes table, then per route and variant
# what one request cost PostgreSQL: commits, new sessions, its CPU, every statement (calls, rows, execution and
# planning time, blocks, WAL bytes) and the rows each table gained or changed (bench/statements.py).
# The throughput of this run is lowered by the extension: compare ratios with bench/api.sh's own runs only.
#
# Environment: as bench/api.sh; defaults here BENCH_VARIANTS="query split", BENCH_DURATION=5s, BENCH_WARMUP=3s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export BENCH_ROUTES=writes BENCH_STATEMENTS=on
export BENCH_VARIANTS="${BENCH_VARIANTS:-query split}" BENCH_DURATION="${BENCH_DURATION:-5s}" BENCH_WARMUP="${BENCH_WARMUP:-3s}"
exec bench/api.sh
