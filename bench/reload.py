#!/usr/bin/env python3
"""Edit-to-reload time of `strata serve`: write a page, wait for the reload
event on /__strata/events with the new page ready, report the median of 20.
Also reports the time from starting the server to its first page served
(wall and CPU), the server's resident memory then, and after one full
rebuild (a frontmatter edit) and at its peak.

Usage: reload.py STRATA_BINARY SITE_ROOT
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request


def main():
    binary, root = sys.argv[1], sys.argv[2]
    launched = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--root", root, "--port", "0", "--today", "2026-11-21"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        deadline = time.time() + 120
        while url is None and time.time() < deadline:
            line = server.stdout.readline()
            match = re.search(r"(http://[^\s]+/)", line)
            url = match.group(1) if match else None
        if url is None:
            sys.exit("strata serve printed no URL")
        urllib.request.urlopen(url, timeout=120).read()
        start_s = time.perf_counter() - launched
        start_rss = memory(server.pid, "VmRSS")
        start_cpu = cpu_seconds(server.pid)
        host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()
        events = socket.create_connection((host, int(port)))
        events.sendall(f"GET /__strata/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        events.settimeout(30)
        page = next(os.path.join(d, f) for d, _, fs in sorted(os.walk(os.path.join(root, "content")))
                    for f in sorted(fs) if f.endswith(".md") and f != "_index.md")
        original = open(page, encoding="utf-8").read()
        read_events(events, 0.5)  # the connection greeting
        times = []
        for i in range(20):
            marker = f"\n\nEdit number {i} for the reload benchmark.\n"
            started = time.perf_counter()
            with open(page, "w", encoding="utf-8") as f:
                f.write(original + marker)
            while not any(e.get("ok", True) for e in read_events(events, 30)):
                pass
            times.append((time.perf_counter() - started) * 1000)
            time.sleep(0.4)  # let the watcher settle between edits
        # A frontmatter edit rebuilds the whole site while the last build is
        # still served: the preview's peak memory.
        started = time.perf_counter()
        with open(page, "w", encoding="utf-8") as f:
            f.write(original.replace("---\n", "---\n# edited by the benchmark\n", 1))
        while not any(e.get("ok", True) for e in read_events(events, 120)):
            pass
        rebuild_s = time.perf_counter() - started
        rebuilt_rss = memory(server.pid, "VmRSS")
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms "
              f"(includes the watcher's debounce)")
        print(f"first page served {start_s:.1f} s after start ({start_cpu:.1f} s of CPU); "
              f"resident memory then {start_rss} MiB, "
              f"peak {memory(server.pid, 'VmHWM')} MiB")
        print(f"full rebuild after a frontmatter edit {rebuild_s:.1f} s; resident memory then {rebuilt_rss} MiB")
    finally:
        server.kill()


def memory(pid, field):
    """A memory figure of /proc/PID/status, in MiB."""
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return 0


def cpu_seconds(pid):
    """User and system CPU time of a process so far: unlike wall time, it
    does not grow when other work shares the machine."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def read_events(sock, timeout):
    """Reads what arrives within `timeout` seconds; returns the parsed data: lines."""
    sock.settimeout(timeout)
    try:
        chunk = sock.recv(65536).decode("utf-8", "replace")
    except socket.timeout:
        return []
    found = []
    for line in chunk.splitlines():
        if line.startswith("data:"):
            try:
                found.append(json.loads(line[5:]))
            except ValueError:
                found.append({})
    return found


if __name__ == "__main__":
    main()
