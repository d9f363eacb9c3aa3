#!/usr/bin/env bash
# Usage: bench/reminders.sh [N] [LEAD_S] [WINDOW_S]      (default: 10000 reminders, due 120 s after
#                                                         scheduling starts, within a 30 s window)
#
# Durable reminders at scale (issue 20: 10,000 reminders over two silos fire within 60 s of their
# time, none twice):
#   1. dotnet build HomeUniteUs.sln -c Release                         (log .bench/build.log)
#   2. PostgreSQL (scripts/pg-up.sh .bench, database huu recreated empty), moto and a fresh pool;
#      TWO silos on free loopback ports, HUU_OVERDUE_AFTER=$BENCH_OVERDUE_AFTER (default 30),
#      LOG_LEVEL=WARNING                                               (logs .bench/silo1.log, silo2.log)
#   3. bench/DashboardLoad creates N users through the user grains, then schedules each one's
#      coordinator-interview reminder on its reminder grain (what a journey does), user i due at
#      start + LEAD_S + i × WINDOW_S / N.
#   4. waits until every due and overdue time has passed by 90 s (or all events are kept), then reads
#      huu_activity: per type, how many were kept, how late (event time − scheduled time, for overdue
#      − HUU_OVERDUE_AFTER) at p50/p99/max, how many are doubled (two events for one user, type and
#      scheduled time), and how many repeated ticks the silos refused ("was already kept" in their logs).
# Everything it starts is stopped on exit. stdout: one table; progress on stderr.
# Small run (checks that it works end to end; BENCH_BUILD=0 skips the build): BENCH_OVERDUE_AFTER=5 bench/reminders.sh 20 20 5
set -euo pipefail
# shellcheck source=bench/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"

n="${1:-10000}"
lead="${2:-120}"
window="${3:-30}"
overdue="${BENCH_OVERDUE_AFTER:-30}"
bench_positive "N, LEAD_S, WINDOW_S and BENCH_OVERDUE_AFTER" "$n" "$lead" "$window" "$overdue"
load_dll="bench/DashboardLoad/bin/Release/net10.0/DashboardLoad.dll"
bench_init "$root/.bench"
bench_build
bench_services_up
cluster=bench-reminders
settings=(HUU_ENVIRONMENT=production ROOT_URL=http://127.0.0.1:3000 ORLEANS_CLUSTER_ID="$cluster" HUU_OVERDUE_AFTER="$overdue")
bench_start_stack 2 0 "${settings[@]}"
export "${settings[@]}" # bench/DashboardLoad, a client of the cluster, reads them too
bench_wait_silos_active "$cluster" 2 300
log "two silos active"

load() { dotnet "$load_dll" "$@" 8>&-; }
log "creating $n users through the grains"
load populate 0 "$n"
first="$(date -u -d "+$lead seconds" +%Y-%m-%dT%H:%M:%SZ)"
log "scheduling $n reminders due from $first within $window s"
scheduling_started=$SECONDS
load remind 0 "$n" "$first" "$window"
scheduled_in=$((SECONDS - scheduling_started))

last_end=$(( $(date -u -d "$first" +%s) + window + overdue + 90 ))
# The silos' pools may hold every connection slot: a failed count is read as 0 and asked again.
kept_all() { bench_psql -d huu -c "SELECT count(*) FROM huu_activity WHERE type IN ('reminder_due', 'reminder_overdue') AND source_key LIKE 'reminder:journey:%'" 2>/dev/null || echo 0; }
while [ "$(date -u +%s)" -lt "$last_end" ] && [ "$(kept_all)" -lt $((2 * n)) ]; do sleep 5; done
bench_stop silo1 # frees their connections for the measurement (events are already kept)
bench_stop silo2

# Lateness per type: event time − (scheduled time [+ HUU_OVERDUE_AFTER]).
table="$(bench_psql -d huu -F ' ' -c "
  WITH e AS (
    SELECT type, user_id, details->>'scheduledAt' AS scheduled,
           extract(epoch FROM at - ((details->>'scheduledAt')::timestamptz
             + CASE WHEN type = 'reminder_overdue' THEN make_interval(secs => $overdue) ELSE interval '0' END)) AS late
      FROM huu_activity WHERE type IN ('reminder_due', 'reminder_overdue') AND source_key LIKE 'reminder:journey:%')
  SELECT t.type, count(e.type),
         coalesce(round((percentile_cont(0.5) WITHIN GROUP (ORDER BY e.late))::numeric, 2), 0),
         coalesce(round((percentile_cont(0.99) WITHIN GROUP (ORDER BY e.late))::numeric, 2), 0),
         coalesce(round(max(e.late)::numeric, 2), 0),
         count(*) FILTER (WHERE e.late > 60),
         count(e.type) - (SELECT count(*) FROM (SELECT DISTINCT user_id, scheduled FROM e e2 WHERE e2.type = t.type) d)
    FROM (VALUES ('reminder_due'), ('reminder_overdue')) t(type) LEFT JOIN e ON e.type = t.type
   GROUP BY t.type ORDER BY t.type")"
refused="$(cat "$bench_work/silo1.log" "$bench_work/silo2.log" | grep -c 'was already kept' || true)"
rows_left="$(bench_psql -d huu -c "SELECT count(*) FROM orleansreminderstable")"

cat <<EOF

Reminders benchmark: $n reminders over two silos, due within $window s starting $lead s after scheduling began, HUU_OVERDUE_AFTER=$overdue; $(nproc) cores shared by the silos, the client and PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg)).
Scheduling took $scheduled_in s. Late = event time − its due time (scheduled, or scheduled + HUU_OVERDUE_AFTER).
type              fired  late p50 s  late p99 s  late max s  >60 s late  doubled
EOF
while read -r type fired p50 p99 max over doubled; do
  printf '%-16s %6s %11s %11s %11s %11s %8s\n' "$type" "$fired/$n" "$p50" "$p99" "$max" "$over" "$doubled"
done <<<"$table"
printf 'Repeated ticks refused (the event was already kept): %s; Orleans reminder rows left: %s.\n' "$refused" "$rows_left"
