#!/usr/bin/env python3
"""Lost-reply experiment of bench/chaos.sh (issue 21, invariant 13).

Usage: lost_reply.py BASE_A BASE_B TOKEN CREATES

For each create: POST /api/housing-orgs with an Idempotency-Key to gateway A over a raw socket, and
close the socket without reading the reply (after 0-40 ms, so some requests are cut before, some
during, some after the work); then retry the same request with the same key through gateway B until
it is answered 2xx/3xx (409 "in progress" is retried after 50 ms). At the end every name must be held
by exactly one org. Prints one JSON object: creates, retries, in_progress (409s), replayed (answers
with Idempotent-Replayed), reruns (the retry ran the work itself), lost (names with no org), doubled
(names with more than one).
"""
import http.client
import json
import random
import socket
import sys
import time
import uuid
from urllib.parse import urlparse

base_a, base_b, token, creates = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
a, b = urlparse(base_a), urlparse(base_b)


def drop_reply(name, key):
    body = json.dumps({"org_name": name}).encode()
    head = (
        f"POST /api/housing-orgs HTTP/1.1\r\nHost: {a.hostname}:{a.port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((a.hostname, a.port), timeout=10) as sock:
        sock.sendall(head + body)
        time.sleep(random.uniform(0, 0.04))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def retry(name, key, stats):
    while True:
        connection = http.client.HTTPConnection(b.hostname, b.port, timeout=30)
        connection.request("POST", "/api/housing-orgs", json.dumps({"org_name": name}),
                           {"Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key})
        response = connection.getresponse()
        response.read()
        stats["retries"] += 1
        replayed = response.getheader("Idempotent-Replayed") == "true"
        connection.close()
        if response.status == 409:
            stats["in_progress"] += 1
            time.sleep(0.05)
            continue
        if response.status in (201, 303):
            stats["replayed" if replayed else "reruns"] += 1
            return
        raise SystemExit(f"unexpected answer {response.status} for {name}")


stats = {"creates": creates, "retries": 0, "in_progress": 0, "replayed": 0, "reruns": 0}
run = uuid.uuid4().hex[:8]
names = [f"Lost reply {run} {i}" for i in range(creates)]
for name in names:
    key = str(uuid.uuid4())
    drop_reply(name, key)
    retry(name, key, stats)

connection = http.client.HTTPConnection(b.hostname, b.port, timeout=30)
connection.request("GET", "/api/housing-orgs")
orgs = json.loads(connection.getresponse().read())
held = {}
for org in orgs:
    held[org["org_name"]] = held.get(org["org_name"], 0) + 1
stats["lost"] = sum(1 for name in names if held.get(name, 0) == 0)
stats["doubled"] = sum(1 for name in names if held.get(name, 0) > 1)
print(json.dumps(stats))
