#!/usr/bin/env python3
"""Wall time of `downbeat check` against two hostile loopback servers
(issue 17): one that accepts and never answers, one that answers every
path with a 404 after 18 s. Usage: bench-check-deadline.py BINARY [ARGS...]"""
import socket, subprocess, sys, threading, time

def serve(handler):
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    def loop():
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=handler, args=(conn,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return "http://127.0.0.1:%d" % sock.getsockname()[1]

def never(conn):
    conn.recv(65536)
    time.sleep(3600)

def slow_404(conn):
    conn.recv(65536)
    time.sleep(18)
    try:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found")
        conn.close()
    except OSError:
        pass

binary, extra = sys.argv[1], sys.argv[2:]
for name, handler in [("never answers", never), ("404 after 18 s", slow_404)]:
    url = serve(handler)
    started = time.monotonic()
    done = subprocess.run([binary, "check", *extra, url], capture_output=True, text=True)
    took = time.monotonic() - started
    line = done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr.strip()
    print("%-15s %6.1f s  exit %d  %s" % (name, took, done.returncode, line[:110]))
