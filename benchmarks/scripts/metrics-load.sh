#!/usr/bin/env bash
# The demo's /metrics during a load run, drawn as the Grafana dashboard's key series (a PNG).
#
#   benchmarks/scripts/metrics-load.sh [--connections N] [--rate R] [--duration S] [--port P] [--out docs/grafana/load-run.png]
#
# Build first: ./mvnw -o -B -q -pl benchmarks -am package -DskipTests
# Starts a redis-server on a free port and the demo on the Redis engine (so "Redis up" has a
# series), scrapes /metrics as admin once a second (bench.metrics.MetricsScrapePlot) while the
# load tool runs N subscribers on one channel with HTTP publishes at R/s; 60% into the run Redis
# is killed for 3 s and started again (up drops to 0, the engine reconnects). Writes the PNG.
set -euo pipefail

CONNECTIONS=500
RATE=200
DURATION=40
PORT=18090
OUT=docs/grafana/load-run.png
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n "2,10p" "$0"; exit 0 ;;
    *) echo "unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
EXAMPLE_JAR="$ROOT/examples/target/live-example.jar"
for jar in "$BENCH_JAR" "$EXAMPLE_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build it first (see --help)" >&2; exit 2; }
done
WORK="$(mktemp -d)"
REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REDIS_PID=""
SERVER_PID=""
SCRAPER_PID=""
cleanup() {
  for pid in "$SCRAPER_PID" "$SERVER_PID" "$REDIS_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server did not start" >&2; exit 1
}
start_redis
printf '[live]\nha_engine = redis\nha_engine_address = 127.0.0.1:%s\nmax_connections = -1\n' "$REDIS_PORT" >"$WORK/live.ini"
java -Xmx1g -jar "$EXAMPLE_JAR" --port "$PORT" --config "$WORK/live.ini" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the demo exited:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
SCRAPE_SECONDS=$((DURATION + 15))
java -Xmx256m -cp "$BENCH_JAR" dev.heliograph.live.bench.metrics.MetricsScrapePlot \
  "http://127.0.0.1:$PORT/metrics" admin:admin "$SCRAPE_SECONDS" "$ROOT/$OUT" &
SCRAPER_PID=$!
sleep 3
java -Xmx1g -cp "$BENCH_JAR" dev.heliograph.live.bench.load.LoadTool --url "ws://127.0.0.1:$PORT/api/live/ws" \
  --connections "$CONNECTIONS" --rate "$RATE" --duration "$DURATION" >"$WORK/load.log" 2>&1 &
LOAD_PID=$!
sleep $((DURATION * 6 / 10))
echo "killing redis-server for 3 s"
kill -9 "$REDIS_PID"; REDIS_PID=""
sleep 3
start_redis
wait "$LOAD_PID" || true
grep -v SLF4J "$WORK/load.log" | tail -15
wait "$SCRAPER_PID"; SCRAPER_PID=""
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
