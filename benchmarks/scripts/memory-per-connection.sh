#!/usr/bin/env bash
# Server memory per idle WebSocket connection, measured from outside the server process.
#
#   benchmarks/scripts/memory-per-connection.sh [--server heliograph|stomp|bare] [--connections N]
#                                              [--channels C] [--port P] [--heap SIZE|default]
#                                              [--jvm-flags "FLAGS"]
#
# Builds nothing: needs examples/target/live-example.jar (heliograph) and
# benchmarks/target/benchmarks.jar (the load tool and the peers); build them first with
#   ./mvnw -B -q -pl examples,benchmarks -am -DskipTests package
#
# Connection i subscribes to channel i % C (default 10,000 connections on 1,000 channels): Grafana's
# broadcast channels have presence and join/leave, so every subscriber is announced to the others
# in its channel, and 10,000 on one channel would mean ~50 million join pushes before measuring.
# Steps: start the server (fixed heap, G1), warm it with 200 connections opened and closed,
# measure, open N connections with the load tool in --idle mode (connect + subscribe, pings
# answered), measure again, stop both. "Measure" = jcmd GC.class_histogram (a full GC, then the
# live bytes), jcmd GC.run + GC.heap_info (heap used after a full GC), VmRSS from /proc/<pid>/status.
# Prints the deltas divided by the number of subscribed connections.
set -euo pipefail

SERVER=heliograph
CHANNELS=1000
CONNECTIONS=10000
PORT=18080
HEAP=1g
JVM_FLAGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --server) SERVER="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --channels) CHANNELS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --jvm-flags) JVM_FLAGS="$2"; shift 2 ;;
    -h|--help) sed -n "2,20p" "$0"; exit 0 ;;
    *) echo "unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done

source "$(dirname "$0")/server-under-test.sh"
TOOL_ARGS+=(--channels "$CHANNELS")

live_bytes() { jcmd "$SERVER_PID" GC.class_histogram | awk '/^Total/ {print $3}'; }
heap_used_kb() {
  jcmd "$SERVER_PID" GC.run >/dev/null
  jcmd "$SERVER_PID" GC.heap_info | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }

tool --idle --hold 0 --connections 200 --channels 20 >"$WORK/warmup.log" 2>&1 || { echo "warm-up failed:" >&2; cat "$WORK/warmup.log" >&2; exit 1; }

LIVE0=$(live_bytes); HEAP0=$(heap_used_kb); RSS0=$(rss_kb)
tool --idle --hold 900 --connections "$CONNECTIONS" >"$WORK/tool.log" 2>&1 &
TOOL_PID=$!
for _ in $(seq 1 600); do
  grep -q '^READY' "$WORK/tool.log" && break
  kill -0 "$TOOL_PID" 2>/dev/null || { echo "the load tool exited:" >&2; cat "$WORK/tool.log" >&2; exit 1; }
  sleep 0.5
done
grep -q '^READY' "$WORK/tool.log" || { echo "no READY within 300 s" >&2; tail "$WORK/tool.log" >&2; exit 1; }
SUBSCRIBED=$(sed -n 's/^READY .*subscribed=\([0-9]*\).*/\1/p' "$WORK/tool.log")
sleep 2
RSS_TOP=$(rss_kb) # what a user reads in top, before our measurement forces full GCs
LIVE1=$(live_bytes); HEAP1=$(heap_used_kb); RSS1=$(rss_kb)
SERVER_FDS=$(ls "/proc/$SERVER_PID/fd" | wc -l)

grep -v SLF4J "$WORK/tool.log" | grep -v '^  \.\.\.'
kill "$TOOL_PID"; wait "$TOOL_PID" 2>/dev/null || true; TOOL_PID=""

awk -v n="$SUBSCRIBED" -v l0="$LIVE0" -v l1="$LIVE1" -v h0="$HEAP0" -v h1="$HEAP1"  -v r0="$RSS0" -v r1="$RSS1" -v rt="$RSS_TOP" -v fds="$SERVER_FDS" 'BEGIN {
  printf "connections held: %d (server open descriptors: %d)\n", n, fds
  printf "live heap (class histogram): %.1f MB -> %.1f MB: %.1f KB per connection\n", l0/1048576, l1/1048576, (l1-l0)/1024/n
  printf "heap used after full GC:     %.1f MB -> %.1f MB: %.1f KB per connection\n", h0/1024, h1/1024, (h1-h0)/n
  printf "process RSS (as top shows):  %.1f MB -> %.1f MB: %.1f KB per connection\n", r0/1024, rt/1024, (rt-r0)/n
  printf "process RSS after full GCs:  %.1f MB -> %.1f MB: %.1f KB per connection\n", r0/1024, r1/1024, (r1-r0)/n
}'
