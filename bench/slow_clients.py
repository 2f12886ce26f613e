#!/usr/bin/env python3
"""How fast `strata serve` answers ordinary requests while slow clients
trickle their request heads.

Usage: bench/slow_clients.py STRATA SITE [--slow 256 1000] [--seconds 20]

Starts `strata serve --port 0` on SITE (loopback only). For each count in
--slow, it opens that many clients that send a request line, then one byte
of a never-ending header every --trickle seconds, and reconnect at once when
the server closes them (as a slowloris attack does). Meanwhile one reader
sends ordinary `GET /` requests, one at a time on a fresh connection, and
times each from connect to the last byte of the answer. After --seconds it
prints the reader's latency percentiles and how many requests got no answer
within 10 s, then stops the server. Nothing here runs longer than
len(--slow) x (--seconds + 15) seconds.
"""

import argparse
import selectors
import socket
import subprocess
import threading
import time

NO_ANSWER = 10.0  # seconds: a request unanswered this long counts as lost


def start_server(strata, site):
    server = subprocess.Popen(
        [strata, "serve", "--port", "0", "--root", site],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 120
    for line in server.stdout:
        if "http://" in line:
            url = line[line.index("http://"):].split()[0]
            host, port = url[len("http://"):].rstrip("/").rsplit(":", 1)
            threading.Thread(target=lambda: server.stdout.read(), daemon=True).start()
            return server, (host, int(port))
        if time.monotonic() > deadline:
            break
    server.kill()
    raise SystemExit("strata serve printed no URL")


def wait_until_built(addr):
    """The first build runs after the URL is printed; wait for a 200."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if ordinary_request(addr).startswith(b"HTTP/1.1 200"):
            return
        time.sleep(0.1)
    raise SystemExit("the site was not served within 120 s")


def ordinary_request(addr):
    with socket.create_connection(addr, timeout=NO_ANSWER) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n"
                  % (addr[0].encode(), addr[1]))
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
        return answer


class Tricklers:
    """`count` clients that never finish their request head."""

    def __init__(self, addr, count, every):
        self.addr, self.every = addr, every
        self.selector = selectors.DefaultSelector()
        self.stop = threading.Event()
        self.reconnects = 0
        self.sockets = [self.connect() for _ in range(count)]

    def connect(self):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(self.addr)
        # The request line goes out when the connection is up (first tick).
        self.selector.register(s, selectors.EVENT_READ, {"sent": False})
        return s

    def run(self):
        next_tick = time.monotonic()
        while not self.stop.is_set():
            wait = max(0.0, next_tick - time.monotonic())
            for key, _ in self.selector.select(wait):
                self.replace(key.fileobj)  # an answer (408, 503) or a close
            if time.monotonic() >= next_tick:
                next_tick += self.every
                for s in list(self.sockets):
                    self.trickle(s)
        for s in self.sockets:
            s.close()

    def trickle(self, s):
        data = self.selector.get_key(s).data
        try:
            s.send(b"X-Slow: " if data["sent"] else b"GET / HTTP/1.1\r\n")
            data["sent"] = True
        except BlockingIOError:
            pass  # still connecting, or the server stopped reading
        except OSError:
            self.replace(s)

    def replace(self, s):
        self.selector.unregister(s)
        s.close()
        self.sockets.remove(s)
        self.sockets.append(self.connect())
        self.reconnects += 1


def measure(addr, server_pid, count, seconds, every):
    tricklers = Tricklers(addr, count, every)
    runner = threading.Thread(target=tricklers.run)
    runner.start()
    time.sleep(2 * every)  # every slow client has sent its request line
    latencies, lost = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            answered = ordinary_request(addr).startswith(b"HTTP/1.1 200")
        except OSError:
            answered = False
        if answered:
            latencies.append(time.monotonic() - started)
        else:
            lost += 1
        time.sleep(0.02)
    held = server_load(server_pid)
    tricklers.stop.set()
    runner.join()
    return latencies, lost, tricklers.reconnects, held


def server_load(pid):
    """The server's thread count and resident memory (MiB), from /proc."""
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return int(fields["Threads"]), int(fields["VmRSS"].split()[0]) / 1024
    except OSError:
        return 0, float("nan")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("strata")
    parser.add_argument("site")
    parser.add_argument("--slow", type=int, nargs="+", default=[256, 1000])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--trickle", type=float, default=0.5,
                        help="seconds between two bytes of one slow client")
    args = parser.parse_args()
    server, addr = start_server(args.strata, args.site)
    try:
        wait_until_built(addr)
        print(f"{'slow':>6} {'requests':>9} {'p50_ms':>8} {'p99_ms':>8} "
              f"{'max_ms':>8} {'lost':>5} {'reconnects':>11} {'threads':>8} {'rss_MiB':>8}")
        for count in args.slow:
            latencies, lost, reconnects, (threads, rss) = measure(
                addr, server.pid, count, args.seconds, args.trickle)
            ms = sorted(x * 1000 for x in latencies)
            print(f"{count:>6} {len(ms) + lost:>9} {percentile(ms, 50):>8.1f} "
                  f"{percentile(ms, 99):>8.1f} {(ms[-1] if ms else float('nan')):>8.1f} "
                  f"{lost:>5} {reconnects:>11} {threads:>8} {rss:>8.0f}", flush=True)
            time.sleep(1)  # let the server drop the last slow clients' places
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
