#!/usr/bin/env python3
"""What PostgreSQL did per request during one wrk run, from two snapshots of its counters.

Usage: bench/statements.py BEFORE AFTER REQUESTS PG_CPU_PERCENT SECONDS TITLE

BEFORE and AFTER are the tab-separated output of bench/api.sh's statements_snapshot:
  s  toplevel queryid calls plans exec_ms plan_ms rows blocks dirtied wal_bytes query   (pg_stat_statements)
  d  xact_commit xact_rollback sessions                                            (pg_stat_database, huu)
  t  relname inserted updated hot_updated deleted                                  (pg_stat_user_tables, huu)
Prints, per request: transactions, new sessions, PostgreSQL's process CPU, the statements' execution and
planning time, then one line per statement (calls, rows, time, blocks, WAL bytes per request; "top" = sent by
a client, "in" = run inside a function) and the rows each table gained, changed or lost.
"""
import sys


def read(path):
    statements, database, tables = {}, None, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "s" and len(parts) >= 12:
                key = (parts[1], parts[2])
                statements[key] = ([float(v) for v in parts[3:11]], parts[11])
            elif parts[0] == "d":
                database = [float(v) for v in parts[1:4]]
            elif parts[0] == "t":
                tables[parts[1]] = [float(v) for v in parts[2:6]]
    return statements, database, tables


def main():
    before_path, after_path, requests, cpu_pct, seconds, title = sys.argv[1:7]
    requests, cpu_pct, seconds = int(requests), float(cpu_pct), float(seconds)
    if requests <= 0:
        print(f"{title}: no requests")
        return
    before, db_before, tables_before = read(before_path)
    after, db_after, tables_after = read(after_path)

    rows = []
    for key, (values, query) in after.items():
        old = before.get(key, ([0.0] * 8, query))[0]
        delta = [a - b for a, b in zip(values, old)]
        calls = delta[0]
        if calls / requests < 0.005:
            continue  # the silo's timers (membership, reminders' table), not this route
        rows.append((key[0] == "t", delta, query))
    rows.sort(key=lambda r: -(r[1][2] + r[1][3]))

    exec_ms = sum(r[1][2] for r in rows if r[0])
    plan_ms = sum(r[1][3] for r in rows if r[0])
    per = lambda v: v / requests
    db = [a - b for a, b in zip(db_after, db_before)] if db_after and db_before else [0, 0, 0]
    pg_cpu_ms = cpu_pct / 100 * seconds * 1000 / requests
    print(f"{title}: {requests} requests; per request: {per(db[0]):.2f} commits, {per(db[1]):.2f} rollbacks, "
          f"{per(db[2]):.3f} new sessions, PostgreSQL CPU {pg_cpu_ms:.2f} ms (its processes), "
          f"statements {per(exec_ms):.3f} ms executing + {per(plan_ms):.3f} ms planning (top level)")
    print(f"  {'calls':>6} {'rows':>6} {'exec ms':>8} {'plan ms':>8} {'blocks':>7} {'dirtied':>7} {'WAL B':>7}  statement")
    for top, d, query in rows:
        calls, plans, ex, pl, nrows, blocks, dirtied, wal = d
        print(f"  {per(calls):6.2f} {per(nrows):6.2f} {per(ex):8.3f} {per(pl):8.3f} {per(blocks):7.1f} {per(dirtied):7.2f} "
              f"{per(wal):7.0f}  {'top' if top else 'in '} {query[:150]}")
    changes = []
    for name, values in sorted(tables_after.items()):
        old = tables_before.get(name, [0.0] * 4)
        ins, upd, hot, dele = (a - b for a, b in zip(values, old))
        if max(ins, upd, dele) / requests >= 0.005:
            changes.append(f"{name} +{per(ins):.2f} ~{per(upd):.2f} (HOT {per(hot):.2f}) -{per(dele):.2f}")
    print("  rows per request (inserted ~updated -deleted): " + ("; ".join(changes) if changes else "none"))
    print()


if __name__ == "__main__":
    main()
