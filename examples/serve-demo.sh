#!/usr/bin/env bash
# `make demo`'s last step: start `sjdsl serve` in the background on a free port, wait for
# /healthz, send one evaluate request with curl, print the answer, stop the service (SIGTERM).
set -euo pipefail
BIN=${BIN:-.venv/bin}
mkdir -p build
port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/sjdsl" serve policies --port "$port" 2>build/demo-serve.log &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat build/demo-serve.log >&2; exit 1; }
  sleep 0.2
done
request='{"provision": "1.1", "date": "2026-03-15", "inputs": {"fixed_asset_investment": "250000000"}}'
echo "\$ curl -X POST http://127.0.0.1:$port/policies/songjiang-terminal-2024/evaluate -d '$request'"
curl -fsS -X POST -H 'Content-Type: application/json' -d "$request" \
  "http://127.0.0.1:$port/policies/songjiang-terminal-2024/evaluate"
echo
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
echo "(the service ran on port $port and stopped; its JSON log is in build/demo-serve.log)"
