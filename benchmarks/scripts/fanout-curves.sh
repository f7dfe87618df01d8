#!/usr/bin/env bash
# Fan-out cost curves: server CPU per delivery, latency, frames and write calls per delivery, for
# several servers side by side in one run, then a CSV, a Markdown table and a PNG plot.
#
#   benchmarks/scripts/fanout-curves.sh [--servers "heliograph heliograph-jakarta bare raw stomp"] [--subscribers "100 1000 5000 15000"]
#                                       [--rates "10 100"] [--wide "1000x10"] [--duration S] [--warmup S]
#                                       [--clients K] [--heap SIZE|default] [--jvm-flags "FLAGS"] [--port P]
#                                       [--out DIR] [--native-writes true|false]
#
# Builds nothing; needs examples/target/live-example.jar and benchmarks/target/benchmarks.jar:
#   ./mvnw -B -q -pl examples,benchmarks -am -DskipTests package
# Servers: heliograph = the demo jar (grafana/broadcast, join/leave on, HTTP publish; frames written
# through Jetty's core session as shared bytes), heliograph-jakarta = the same with that path off
# (the Jakarta sendText fallback, as on Tomcat), bare = a bare
# Jakarta endpoint on the same Jetty 12.1 handing one pre-built String to every session's async
# remote, raw = RawWebSocketLimitServer (one pre-built frame, one write per socket: the machine's
# limit); on embedded Tomcat 11: heliograph-tomcat = the library as a host app runs it there
# (bench.peer.TomcatLiveServer: in-memory engine, grafana/broadcast as in the demo, HTTP Basic
# admin:admin, Jakarta writes; connector maxConnections=-1, acceptCount=4096), bare-tomcat = the
# bare endpoint above in the same Tomcat (its floor); heliograph-serial = the demo with the parallel
# fan-out lanes off (fanout_parallel_threshold = 0); stomp = StompPeerServer (Spring 7 STOMP, simple
# broker, same Jetty; the clients speak STOMP 1.2 to it and its POST /api/live/publish sends each
# publication to /topic/<channel> through the broker). These five are not in the default list;
# name them in --servers.
# Each server size gets a fresh server process; subscribers are spread over K FanoutClient processes
# (127.0.0.2 upwards, 5,000 per address). Per rate: a warm-up, then the publish phase, stamped with the
# scheduled send time. --wide "CxS" adds C channels x S subscribers (publications round-robin over the
# channels). --native-writes false runs ours with the Jakarta fallback (Jetty's core-session path off).
# Output: DIR/fanout-curves-<time>.csv, .md and .png (default DIR benchmarks/results).
set -euo pipefail

SERVERS="heliograph heliograph-jakarta bare raw"
SUBSCRIBERS="100 1000 5000 15000"
RATES="10 100"
WIDE="1000x10"
DURATION=10
WARMUP=5
CLIENTS=3
HEAP=1g
JVM_FLAGS=""
PORT=18080
NATIVE=true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/benchmarks/results"
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS="$2"; shift 2 ;;
    --subscribers) SUBSCRIBERS="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --wide) WIDE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --jvm-flags) JVM_FLAGS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --native-writes) NATIVE="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
[ "$NATIVE" = false ] && JVM_FLAGS="$JVM_FLAGS -Dheliograph.live.jakarta.nativeWrites=false"

STAMP="$(date -u +%Y%m%d-%H%M)"
mkdir -p "$OUT"
CSV="$OUT/fanout-curves-$STAMP.csv"
LOGS="$ROOT/benchmarks/target/fanout/$STAMP"
mkdir -p "$LOGS"
echo "fan-out curves: servers [$SERVERS], subscribers [$SUBSCRIBERS], rates [$RATES], wide [$WIDE], ${DURATION}s each;"
echo "CSV $CSV; logs $LOGS; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# One server process for one size: every rate against it. Runs in a subshell so the sourced
# script's EXIT trap stops that server when the size is done.
one_size() { # server connections channels
  (
    SERVER="$1"; CONNECTIONS="$2"; CHANNEL_COUNT="$3"
    source "$ROOT/benchmarks/scripts/server-under-test.sh"
    for RATE in $RATES; do
      echo
      echo "== $SERVER: $CONNECTIONS subscribers on $CHANNEL_COUNT channel(s), $RATE publications/s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
      fanout --connections "$CONNECTIONS" --channels "$CHANNEL_COUNT" --clients "$CLIENTS" --rate "$RATE" \
        --duration "$DURATION" --warmup "$WARMUP" --log-dir "$LOGS/$SERVER-$CONNECTIONS-$CHANNEL_COUNT-$RATE" \
        --csv "$CSV" || echo "(run reported failures; see $LOGS)"
    done
  )
}

for SERVER_NAME in $SERVERS; do
  for N in $SUBSCRIBERS; do
    one_size "$SERVER_NAME" "$N" 1
  done
  for SHAPE in $WIDE; do
    C="${SHAPE%x*}"; S="${SHAPE#*x}"
    one_size "$SERVER_NAME" $((C * S)) "$C"
  done
done

java -cp "$ROOT/benchmarks/target/benchmarks.jar" dev.heliograph.live.bench.fanout.CostCurvePlot \
  --csv "$CSV" --png "${CSV%.csv}.png" --md "${CSV%.csv}.md"
echo "wrote $CSV, ${CSV%.csv}.md, ${CSV%.csv}.png"
