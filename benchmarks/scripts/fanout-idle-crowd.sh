#!/usr/bin/env bash
# The idle crowd: hold N subscribed connections (default 18,000; the open-file limit here is 20,000
# per process, hard) and measure the connect rate, RSS and live heap per connection, and the
# server's CPU while idle (Centrifuge pings every 25 s by default, answered by the clients).
#
#   benchmarks/scripts/fanout-idle-crowd.sh [--server heliograph|bare|raw] [--connections N] [--channels C]
#                                           [--clients K] [--hold S] [--settle S] [--heap SIZE|default]
#                                           [--jvm-flags "FLAGS"|readme] [--port P] [--out DIR]
#
# Builds nothing (see fanout-curves.sh --help). Clients are K FanoutClient processes (default 4,
# 4,500 sockets each) from 127.0.0.2 upwards, 5,000 per address. Connection i subscribes to
# channel i % C (default 1,800 channels of 10: the demo's broadcast channels announce every
# subscriber to the others, so 18,000 on one channel would be 162 million join pushes).
# --jvm-flags readme uses the flags README's operations section recommends (with --heap default).
# Measures: baseline RSS and live heap (jcmd GC.class_histogram, a full GC) before connecting;
# the seated rate (subscribed / slowest client process's connect time); RSS 3 s after the last
# subscribe (as top shows it) and live heap after the hold; server CPU over the hold (>= 50 s
# covers two ping rounds), measured after --settle seconds (default 30: the JIT compiles for a
# while after the connect storm), with the CPU per server thread group. Appends a row to DIR/fanout-idle-<date>.csv (default benchmarks/results).
set -euo pipefail

SERVER=heliograph
CONNECTIONS=18000
CHANNELS=1800
CLIENTS=4
HOLD=60
SETTLE=30
HEAP=1g
JVM_FLAGS=""
PORT=18080
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/benchmarks/results"
while [ $# -gt 0 ]; do
  case "$1" in
    --server) SERVER="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --channels) CHANNELS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --hold) HOLD="$2"; shift 2 ;;
    --settle) SETTLE="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --jvm-flags) JVM_FLAGS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n "2,21p" "$0"; exit 0 ;;
    *) echo "unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
if [ "$JVM_FLAGS" = readme ]; then
  HEAP=default
  JVM_FLAGS="-Xms64m -Xmx1g -XX:+UseG1GC -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=5 -XX:G1PeriodicGCInterval=120000 -Xss512k"
fi
mkdir -p "$OUT"
CSV="$OUT/fanout-idle-$(date -u +%Y%m%d).csv"
LOGS="$ROOT/benchmarks/target/fanout/idle-$(date -u +%Y%m%d-%H%M)"

source "$(dirname "$0")/server-under-test.sh"
sleep 2 # let the server finish starting before the baseline
fanout --idle --connections "$CONNECTIONS" --channels "$CHANNELS" --clients "$CLIENTS" --hold "$HOLD" --settle "$SETTLE" \
  --log-dir "$LOGS" --csv "$CSV" --jvm-flags "heap=$HEAP $JVM_FLAGS"
echo "appended to $CSV"
