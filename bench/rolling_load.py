#!/usr/bin/env python3
"""Steady mixed load for bench/rolling.sh (standard library only).

Usage: rolling_load.py BASE_URL ADMIN_TOKEN WORKERS PHASE_FILE

WORKERS threads loop over: read an org, list orgs, GET /api/users/current, create an org (admin)
with an Idempotency-Key, sign in a seeded user (hosta..hostz@example.com, Cognito). Each answer
is counted under the phase written in PHASE_FILE when the request was sent (rolling.sh writes
the name of the step it is in), except that a request still in flight when a "kill" step began is
counted under that step (a negative time: sent before the kill); the load ends when PHASE_FILE says "stop". Every request is sent
once: a failure is counted, never retried here. Afterwards every acknowledged create (201) must
be in the list of orgs with its name. Prints one JSON object:
  phases: {name: {requests, failures: {kind: n}, first_failure_s, last_failure_s (seconds
          from the step's start, which PHASE_FILE gives after a tab), sent_before and
          failed_sent_before (requests sent before the step began, counted in it, and how many of
          them failed)}}, in the order they came;
  acked, lost (acknowledged creates not read back with their name).
A failure is any answer that is not 2xx/3xx, by kind "<request> HTTP <status> <code>" or
"<request> connection: <why>" (request: create, read, list, me, sign-in).
"""
import http.client
import json
import sys
import threading
import time
import uuid
from urllib.parse import urlparse

base, token, workers, phase_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
target = urlparse(base)
lock = threading.Lock()
phases = {}
acked = {}


def phase_now():
    """(name, start in epoch seconds) of the step rolling.sh is in."""
    with open(phase_file) as f:
        name, started = f.read().rstrip("\n").split("\t")
    return name, float(started)


def call(method, path, body=None, headers=None, timeout=60):
    """(status, body bytes, failure kind or None)."""
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=timeout)
    try:
        data = json.dumps(body) if body is not None else None
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, data, all_headers)
        response = connection.getresponse()
        payload = response.read()
        if 200 <= response.status < 400:
            return response.status, payload, None
        try:
            code = json.loads(payload).get("code", "")
        except ValueError:
            code = payload[:40].decode("latin-1").strip()
        return response.status, payload, f"HTTP {response.status} {code}".strip()
    except (OSError, http.client.HTTPException) as e:
        return 0, b"", f"connection: {type(e).__name__}"
    finally:
        connection.close()


def record(phase, what, started, failure):
    # A request still in flight when the kill -9 round began belongs to that round: its call may
    # have gone to the silo that was killed (sent 0.1 s before the kill, it waits out the gateway's
    # 15 s response timeout like one sent after). Its time is then negative: sent before the kill.
    ended = phase_now()
    moved = ended[0].startswith("kill") and not phase[0].startswith("kill")
    if moved:
        phase = ended
    name, phase_start = phase
    with lock:
        p = phases.setdefault(name, {"requests": 0, "failures": {}, "first_failure_s": None, "last_failure_s": None,
                                     "sent_before": 0, "failed_sent_before": 0})
        p["requests"] += 1
        p["sent_before"] += moved
        p["failed_sent_before"] += moved and failure is not None
        if failure:
            kind = f"{what} {failure}"
            p["failures"][kind] = p["failures"].get(kind, 0) + 1
            at = round(started - phase_start, 1)
            p["first_failure_s"] = at if p["first_failure_s"] is None else min(p["first_failure_s"], at)
            p["last_failure_s"] = at if p["last_failure_s"] is None else max(p["last_failure_s"], at)


def worker(n):
    admin = {"Authorization": "Bearer " + token}
    i = 0
    while True:
        phase = phase_now()
        if phase[0] == "stop":
            return
        i += 1
        started = time.time()
        with lock:
            known = list(acked)
        kind = i % 5
        if kind == 0 or not known:
            name = f"Rolling {n}-{i} {uuid.uuid4().hex[:10]}"
            status, body, failure = call("POST", "/api/housing-orgs", {"org_name": name},
                                         dict(admin, **{"Idempotency-Key": uuid.uuid4().hex}))
            what = "create"
            if status == 201:
                with lock:
                    acked[json.loads(body)["housing_org_id"]] = name
        elif kind == 1:
            what = "read"
            _, _, failure = call("GET", f"/api/housing-orgs/{known[i % len(known)]}")
        elif kind == 2:
            what = "list"
            _, _, failure = call("GET", "/api/housing-orgs")
        elif kind == 3:
            what = "me"
            _, _, failure = call("GET", "/api/users/current", headers=admin)
        else:
            what = "sign-in"
            email = f"host{chr(ord('a') + (n + i) % 26)}@example.com"
            _, _, failure = call("POST", "/api/auth/signin", {"email": email, "password": "Test123!"})
        record(phase, what, started, failure)


threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()

# Read back through the list of orgs (retried while the service is still settling after the kill -9).
listed = None
for _ in range(60):
    status, body, _ = call("GET", "/api/housing-orgs")
    if status == 200:
        listed = {org["housing_org_id"]: org["org_name"] for org in json.loads(body)}
        break
    time.sleep(1)
lost = len(acked) if listed is None else sum(1 for org_id, name in acked.items() if listed.get(org_id) != name)

print(json.dumps({"phases": phases, "acked": len(acked), "lost": lost}))
