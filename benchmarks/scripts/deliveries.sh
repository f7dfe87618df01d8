#!/usr/bin/env bash
# Deliveries per second and publish-to-receive latency, one server start, several publish rates.
#
#   benchmarks/scripts/deliveries.sh [--server heliograph|stomp] [--connections N] [--channels C] [--rates "100 1000"]
#                                    [--duration S] [--port P] [--heap SIZE] [--publish-via http|ws]
#
# Builds nothing (see memory-per-connection.sh --help for the build command). Starts the server,
# warms it with a 5 s run at the lowest rate, then runs the load tool once per rate: N subscribers
# on one channel, the publisher at the rate for the duration, payload {"sent_ns",...,"pad"} of ~100 B.
# The tool prints connect time, achieved publish rate, deliveries/s and latency p50/p99/p99.9/max.
set -euo pipefail

SERVER=heliograph
CHANNELS=1
CONNECTIONS=1000
RATES="100 1000"
DURATION=20
PORT=18080
HEAP=1g
VIA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --server) SERVER="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --channels) CHANNELS="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --publish-via) VIA="$2"; shift 2 ;;
    -h|--help) sed -n "2,11p" "$0"; exit 0 ;;
    *) echo "unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done

source "$(dirname "$0")/server-under-test.sh"
TOOL_ARGS+=(--channels "$CHANNELS")
[ -n "$VIA" ] && TOOL_ARGS+=(--publish-via "$VIA")

FIRST_RATE=${RATES%% *}
tool --connections "$CONNECTIONS" --rate "$FIRST_RATE" --duration 5 >"$WORK/warmup.log" 2>&1 \
  || { echo "warm-up run reported failures (continuing):" >&2; grep -v SLF4J "$WORK/warmup.log" | tail -5 >&2; }
for RATE in $RATES; do
  echo
  echo "== $CONNECTIONS subscribers, $RATE publications/s, $DURATION s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  tool --connections "$CONNECTIONS" --rate "$RATE" --duration "$DURATION" 2>&1 | grep -v SLF4J | grep -v '^  \.\.\.' || true
done
