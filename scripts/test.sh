#!/usr/bin/env bash
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Unit]
#
# Runs every test of the solution: makes sure the prerequisites exist (PostgreSQL 15 server
# binaries, moto, kubectl and @rtk-query/codegen-openapi, installed only when missing: see
# scripts/lib/ensure.sh), then
#   dotnet test HomeUniteUs.sln -c Release --logger "console;verbosity=normal" "$@"
# The test fixture starts its own PostgreSQL and moto with scripts/pg-up.sh and
# scripts/moto-up.sh in .artifacts/test-servers, unless HUU_TEST_DATABASE_URL /
# HUU_TEST_MOTO_URL point at running ones (then the matching prerequisite is not checked
# here); whatever of them is still running after dotnet test is stopped here.
#
# dotnet test's output goes to .artifacts/test-output.log and to stderr, followed on stderr by
# each failed test again with its message (so a log's tail names them). stdout gets one line,
#   N passed, N failed, N skipped
# summed over the test assemblies from dotnet test's summaries. Exit code: dotnet test's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
# shellcheck source=scripts/lib/ensure.sh
. scripts/lib/ensure.sh

ensure_dotnet
if [ -z "${HUU_TEST_DATABASE_URL:-}" ]; then
  ensure_postgres
else
  log "HUU_TEST_DATABASE_URL is set: the tests use that database"
fi
if [ -z "${HUU_TEST_MOTO_URL:-}" ]; then
  ensure_moto
  ensure_boto3
else
  log "HUU_TEST_MOTO_URL is set: the tests use that moto server"
fi

# The manifest test renders deploy/kubernetes; the client-generator test runs the frontend's generator.
ensure_kubectl
ensure_rtk_codegen "$root/.artifacts/rtk-codegen"

mkdir -p .artifacts
out="$root/.artifacts/test-output.log"
log "dotnet test HomeUniteUs.sln -c Release (output also in $out)"
# Output to a file, followed onto stderr by tail: not through a pipe, which a build server or
# a server started by a test could keep open after dotnet test has finished.
: >"$out"
tail -n +1 -f "$out" >&2 &
tail_pid=$!
trap 'kill "$tail_pid" 2>/dev/null || true' EXIT
set +e
dotnet test HomeUniteUs.sln -c Release --logger "console;verbosity=normal" "$@" >"$out" 2>&1
rc=$?
set -e
sleep 0.5
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true

# The fixture stops the servers it started from its ProcessExit handler, which the test
# platform may cut short when it ends the test host: stop whatever is left in its directory.
servers="$root/.artifacts/test-servers"
if [ -d "$servers" ]; then
  if [ -z "${HUU_TEST_MOTO_URL:-}" ]; then scripts/moto-down.sh "$servers" || true; fi
  if [ -z "${HUU_TEST_DATABASE_URL:-}" ]; then scripts/pg-down.sh "$servers" || true; fi
fi

# The failed tests again, with their messages, at the end: a CI log is often shown by its tail only.
failed_blocks="$(sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/\r$//' "$out" | awk '
  /^  Failed HomeUniteUs/ { keep = 1; n = 0 }
  /^  (Passed|Skipped) / { keep = 0 }
  /^\[xUnit/ { keep = 0 }
  keep && n < 40 { print; n++ }')"
if [ -n "$failed_blocks" ]; then
  printf '\n==== failed tests ====\n%s\n======================\n' "$failed_blocks" >&2
fi

# Two summary shapes, one per test assembly:
#   minimal verbosity:  "Passed!  - Failed:     0, Passed:     6, Skipped:     0, Total:     6, ..."
#   normal verbosity:   "Total tests: 6" then "     Passed: 6" / "     Failed: 1" / "    Skipped: 1"
#                       (a line only when its count is not 0), closed by " Total time: ..."
# The one-line shape wins when present, so that no assembly is counted twice.
sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/\r$//' "$out" | awk '
  match($0, /Failed: *[0-9]+, *Passed: *[0-9]+, *Skipped: *[0-9]+, *Total: *[0-9]+/) {
    s = substr($0, RSTART, RLENGTH)
    gsub(/[^0-9,]/, "", s)
    split(s, n, ",")
    lf += n[1]; lp += n[2]; ls += n[3]; lines++
    next
  }
  /^Total tests: *[0-9]+ *$/ { inblock = 1; blocks++; next }
  inblock && /^ *Passed: *[0-9]+ *$/  { bp += $2; next }
  inblock && /^ *Failed: *[0-9]+ *$/  { bf += $2; next }
  inblock && /^ *Skipped: *[0-9]+ *$/ { bs += $2; next }
  inblock && /^ *Total time:/ { inblock = 0; next }
  END {
    if (lines > 0) printf "%d passed, %d failed, %d skipped\n", lp, lf, ls
    else printf "%d passed, %d failed, %d skipped\n", bp, bf, bs
  }'
exit "$rc"
