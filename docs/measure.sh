#!/usr/bin/env bash
# Measures start-up time (exec until /healthz answers) and idle RSS of
# `voice serve` on SQLite: first run (creates secrets, migrates) and warm runs.
# Usage: bash docs/measure.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -o "$tmp/voice" ./cmd/voice
port=18080
export VOICE_DATA_DIR="$tmp/data" VOICE_ADDR="127.0.0.1:$port"

start_once() {
  local t0 t1 pid
  t0=$(date +%s%N)
  "$tmp/voice" serve >/dev/null 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.002; done
  t1=$(date +%s%N)
  echo "$pid $(( (t1 - t0) / 1000000 ))"
}

read -r pid ms < <(start_once)
echo "first run (secrets + migrations): ${ms} ms to /healthz"
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
total=0
for i in $(seq 1 "$runs"); do
  read -r pid ms < <(start_once)
  total=$((total + ms))
  if [ "$i" -lt "$runs" ]; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi
done
echo "warm start, mean of $runs: $((total / runs)) ms to /healthz"
curl -fsS "http://127.0.0.1:$port/en/" >/dev/null
sleep 5
echo "idle RSS after 5 s: $(awk '/VmRSS/ {print $2, $3}' /proc/"$pid"/status)"
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
