"""`sjdsl serve` under load on 127.0.0.1: 16 concurrent clients, p50/p99 latency and requests/s,
beside the same requests evaluated in-process; every answer must equal the in-process one.

Bounded in count and time (``--count``, ``--seconds``): part of `make bench`, never of make test.
Run alone: ``.venv/bin/python bench/serve_load.py --count 800``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sjdsl import load_policy  # noqa: E402
from tests.hand_cases.songjiang_cases import CASES  # noqa: E402

POLICY = "songjiang-terminal-2024"
CLIENTS = 16


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("sjdsl serve stopped before it was ready")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("sjdsl serve did not become ready")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def load(count: int, seconds: float, workers: int = 1) -> dict[str, Any]:
    """Start the service, send ``count`` requests from 16 clients (stopping at ``seconds``),
    and measure the same requests in-process."""
    bodies = [json.dumps(c["request"], ensure_ascii=False).encode() for c in CASES]
    policy = load_policy(ROOT / "policies" / POLICY)
    expected = [policy.evaluate_json(json.loads(b)) for b in bodies]

    start = time.perf_counter()
    inprocess = []
    for i in range(count):
        t = time.perf_counter()
        policy.evaluate_json(json.loads(bodies[i % len(bodies)]))
        inprocess.append(time.perf_counter() - t)
    inprocess_rate = count / (time.perf_counter() - start)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "sjdsl.tools.cli", "serve",
                               str(ROOT / "policies"), "--port", str(port),
                               "--workers", str(workers)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    try:
        _wait(url, server)
        deadline = time.monotonic() + seconds
        per_client = -(-count // CLIENTS)

        def client(k: int) -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine, wrong = [], []
            for j in range(per_client):
                n = k * per_client + j
                if n >= count or time.monotonic() > deadline:
                    break
                body = bodies[n % len(bodies)]
                t = time.perf_counter()
                try:
                    connection.request("POST", f"/policies/{POLICY}/evaluate", body,
                                       {"Content-Type": "application/json"})
                    response = connection.getresponse()
                    data = response.read()
                    mine.append(time.perf_counter() - t)
                    if response.status != 200 or json.loads(data) != expected[n % len(bodies)]:
                        wrong.append(f"{response.status} {data[:200]!r}")
                except (OSError, http.client.HTTPException) as exc:
                    wrong.append(repr(exc))
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.close()
            with lock:
                latencies.extend(mine)
                errors.extend(wrong)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=60)
    done = len(latencies)
    return {
        "count": done, "clients": CLIENTS, "workers": workers, "errors": len(errors),
        "first_errors": errors[:3],
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": _percentile(latencies, 0.99) * 1000 if latencies else float("nan"),
        "rate": done / elapsed if elapsed else 0.0,
        "inprocess_p50_ms": statistics.median(inprocess) * 1000,
        "inprocess_p99_ms": _percentile(inprocess, 0.99) * 1000,
        "inprocess_rate": inprocess_rate,
        "cores": os.cpu_count(),
    }


def table(figures: dict[str, Any]) -> list[str]:
    f = figures
    return [
        f"{f['count']:,} evaluate requests (the Songjiang hand cases, cycled) from {f['clients']} "
        f"concurrent keep-alive clients on 127.0.0.1, {f['workers']} worker(s), "
        f"{f['cores']} cores shared by clients and server; each answer compared with the "
        "in-process one.",
        "",
        "| path | p50 | p99 | requests/s | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| HTTP `POST /policies/{POLICY}/evaluate` | {f['p50_ms']:.2f} ms | "
        f"{f['p99_ms']:.2f} ms | {f['rate']:,.0f} | {f['errors']} |",
        f"| in-process `evaluate_json` (one thread) | {f['inprocess_p50_ms']:.3f} ms | "
        f"{f['inprocess_p99_ms']:.3f} ms | {f['inprocess_rate']:,.0f} | — |",
        "",
        f"HTTP costs {f['inprocess_rate'] / f['rate']:.1f}× the in-process time per request "
        "(JSON over a socket, the ASGI stack, a thread hop for the timeout)." if f["rate"]
        else "",
    ] + ([f"First errors: {f['first_errors']}"] if f["errors"] else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    figures = load(args.count, args.seconds, args.workers)
    print("\n".join(table(figures)))
    raise SystemExit(1 if figures["errors"] else 0)


if __name__ == "__main__":
    main()
