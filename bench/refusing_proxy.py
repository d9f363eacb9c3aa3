#!/usr/bin/env python3
"""A TCP proxy for bench/chaos.sh: PORT -> TARGET_HOST:TARGET_PORT. SIGUSR1 closes the
listening socket (new connections are refused, open ones are cut), SIGUSR2 listens again.

Usage: refusing_proxy.py PORT TARGET_HOST TARGET_PORT
"""
import signal, socket, sys, threading

port, host, target_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
state = {"listener": None, "conns": set()}
lock = threading.Lock()


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass


def listen():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(128)
    state["listener"] = s
    threading.Thread(target=accept, args=(s,), daemon=True).start()


def accept(s):
    while True:
        try:
            client, _ = s.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection((host, target_port))
        except OSError:
            client.close()
            continue
        with lock:
            state["conns"].update((client, upstream))
        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


def refuse(*_):
    if state["listener"] is not None:
        state["listener"].close()
        state["listener"] = None
    with lock:
        for c in state["conns"]:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        state["conns"].clear()


def serve(*_):
    if state["listener"] is None:
        listen()


signal.signal(signal.SIGUSR1, refuse)
signal.signal(signal.SIGUSR2, serve)
listen()
print("listening", flush=True)
while True:
    signal.pause()
