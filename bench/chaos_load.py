#!/usr/bin/env python3
"""Bounded mixed read/write load for bench/chaos.sh (standard library only).

Usage: chaos_load.py BASE_URL ADMIN_TOKEN SECONDS WORKERS FAULT_END_FILE

WORKERS threads loop for SECONDS over: create a housing org (write, admin), read one back,
list orgs, GET /api/users/current, sign in (Cognito). Afterwards every acknowledged org is
read back (retrying while the service still answers 503). FAULT_END_FILE holds the epoch
seconds at which the fault ended (written by chaos.sh). Prints one JSON line:
sent, s2xx, s4xx, s503, s500 (any other 5xx or no answer), acked, lost, recover_s
(from the fault's end to the last answer that was not 2xx; 0 if none came after it).
"""
import json, sys, threading, time, urllib.error, urllib.request, uuid

base, token, seconds, workers, fault_end_file = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
lock = threading.Lock()
counts = {"sent": 0, "s2xx": 0, "s4xx": 0, "s503": 0, "s500": 0}
acked = {}
last_failure = [0.0]


def call(method, path, body=None, auth=True, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if auth:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except Exception:
        return 0, b""


def record(status):
    with lock:
        counts["sent"] += 1
        if 200 <= status < 400:
            counts["s2xx"] += 1
        else:
            last_failure[0] = time.time()
            if 400 <= status < 500:
                counts["s4xx"] += 1
            elif status == 503:
                counts["s503"] += 1
            else:
                counts["s500"] += 1


def worker(n, until):
    i = 0
    while time.time() < until:
        i += 1
        kind = i % 5
        with lock:
            known = list(acked)
        if kind == 0 or not known:
            name = f"Chaos {n}-{i} {uuid.uuid4().hex[:10]}"
            status, body = call("POST", "/api/housing-orgs", {"org_name": name})
            if status == 201:
                with lock:
                    acked[json.loads(body)["housing_org_id"]] = name
        elif kind == 1:
            status, _ = call("GET", f"/api/housing-orgs/{known[i % len(known)]}", auth=False)
        elif kind == 2:
            status, _ = call("GET", "/api/housing-orgs", auth=False)
        elif kind == 3:
            status, _ = call("GET", "/api/users/current")
        else:
            status, _ = call("POST", "/api/auth/signin", {"email": "hosta@example.com", "password": "Test123!"}, auth=False)
        record(status)


until = time.time() + seconds
threads = [threading.Thread(target=worker, args=(n, until)) for n in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()

lost = 0
for org_id, name in acked.items():
    for _ in range(60):
        status, body = call("GET", f"/api/housing-orgs/{org_id}", auth=False)
        if status != 503 and status != 0:
            break
        time.sleep(1)
    if status != 200 or json.loads(body).get("org_name") != name:
        lost += 1

with open(fault_end_file) as f:
    fault_end = float(f.read().strip() or 0)
recover = max(0.0, last_failure[0] - fault_end) if fault_end else 0.0
print(json.dumps({**counts, "acked": len(acked), "lost": lost, "recover_s": round(recover, 1)}))
