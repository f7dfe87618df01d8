# Sourced by the load scripts: starts the server under test and defines the load tool.
# Expects SERVER, CONNECTIONS, PORT, HEAP set (JVM_FLAGS optional); sets SERVER_PID, TOOL_ARGS (LoadTool),
# FANOUT_ARGS and the fanout function (FanoutRun), WORK and an EXIT trap
# that stops the server and any TOOL_PID (each by its own pid).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
EXAMPLE_JAR="${EXAMPLE_JAR:-$ROOT/examples/target/live-example.jar}"
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR: build it first (see --help)" >&2; exit 2; }

# HEAP=default runs the server as a user does with plain `java -jar` (the JVM's own heap sizing);
# JVM_FLAGS (optional) adds flags, e.g. the ones README's operations section recommends.
if [ "$HEAP" = default ]; then
  SERVER_OPTS=()
else
  SERVER_OPTS=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC)
fi
# shellcheck disable=SC2206 # word splitting of the flag list is intended
SERVER_OPTS+=(${JVM_FLAGS:-})
case "$SERVER" in
  heliograph|heliograph-jakarta|heliograph-serial)
    # heliograph-jakarta: the same demo with live-jakarta's native (Jetty core session) writes off;
    # heliograph-serial: the same demo with the parallel fan-out lanes off (every publication fanned
    # out on the publisher's thread: fanout_parallel_threshold = 0)
    [ -f "$EXAMPLE_JAR" ] || { echo "missing $EXAMPLE_JAR: build it first (see --help)" >&2; exit 2; }
    [ "$SERVER" = heliograph-jakarta ] && SERVER_OPTS+=(-Dheliograph.live.jakarta.nativeWrites=false)
    DEMO_EXTRA=()
    if [ "$SERVER" = heliograph-serial ]; then
      SERIAL_INI="$(mktemp --suffix=.ini)"
      printf '[live]\nfanout_parallel_threshold = 0\n' >"$SERIAL_INI"
      DEMO_EXTRA=(--config "$SERIAL_INI")
    fi
    SERVER_CMD=(java "${SERVER_OPTS[@]}" -jar "$EXAMPLE_JAR" --port "$PORT" --max-connections -1 "${DEMO_EXTRA[@]}")
    TOOL_ARGS=(--url "ws://127.0.0.1:$PORT/api/live/ws") ;;
  heliograph-tomcat)
    # the library on embedded Tomcat 11 (bench.peer.TomcatLiveServer): in-memory engine, unlimited
    # connections, grafana/broadcast as in the demo, HTTP Basic admin:admin; Jakarta writes
    SERVER_CMD=(java "${SERVER_OPTS[@]}" -cp "$BENCH_JAR" dev.heliograph.live.bench.peer.TomcatLiveServer --port "$PORT")
    TOOL_ARGS=(--url "ws://127.0.0.1:$PORT/api/live/ws") ;;
  stomp)
    SERVER_CMD=(java "${SERVER_OPTS[@]}" -cp "$BENCH_JAR" dev.heliograph.live.bench.peer.StompPeerServer --port "$PORT")
    TOOL_ARGS=(--url "ws://127.0.0.1:$PORT/stomp" --protocol stomp --publish-via ws --no-auth) ;;
  bare)
    SERVER_CMD=(java "${SERVER_OPTS[@]}" -cp "$BENCH_JAR" dev.heliograph.live.bench.peer.BareEndpointServer --port "$PORT")
    TOOL_ARGS=(--url "ws://127.0.0.1:$PORT/bare" --no-auth) ;;
  bare-tomcat)
    # the same bare endpoint and publish servlet on embedded Tomcat 11: the floor for heliograph-tomcat
    SERVER_CMD=(java "${SERVER_OPTS[@]}" -cp "$BENCH_JAR" dev.heliograph.live.bench.peer.BareTomcatServer --port "$PORT")
    TOOL_ARGS=(--url "ws://127.0.0.1:$PORT/bare" --no-auth) ;;
  raw)
    SERVER_CMD=(java "${SERVER_OPTS[@]}" -cp "$BENCH_JAR" dev.heliograph.live.bench.peer.RawWebSocketLimitServer --port "$PORT")
    TOOL_ARGS=(--url "ws://127.0.0.1:$PORT/raw" --no-auth) ;;
  *) echo "--server must be heliograph, heliograph-jakarta, heliograph-tomcat, heliograph-serial, stomp, bare, bare-tomcat or raw, got '$SERVER'" >&2
     exit 2 ;;
esac

# Each side holds one descriptor per connection, plus jars, selectors and sockets in flight.
NEEDED=$((CONNECTIONS + 1000))
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEEDED" ]; then
  echo "the open-file limit is $(ulimit -n) (hard $(ulimit -Hn)); $CONNECTIONS connections need about $NEEDED" >&2
  exit 2
fi

WORK="$(mktemp -d)"
SERVER_PID=""
TOOL_PID=""
stop() { # stop one process by pid: TERM, then KILL after 10 s
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 20); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
cleanup() {
  [ -n "$TOOL_PID" ] && stop "$TOOL_PID"
  [ -n "$SERVER_PID" ] && stop "$SERVER_PID"
  return 0
}
trap cleanup EXIT

"${SERVER_CMD[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done

# The fan-out harness (bench.fanout.FanoutRun) against the same server: WebSocket URL, publish URL, credentials,
# client protocol (STOMP for the Spring peer, whose POST /api/live/publish sends to /topic/<channel>).
case "$SERVER" in
  heliograph|heliograph-jakarta|heliograph-serial|heliograph-tomcat) FANOUT_ARGS=(--url "ws://127.0.0.1:$PORT/api/live/ws" --auth admin:admin) ;;
  bare|bare-tomcat) FANOUT_ARGS=(--url "ws://127.0.0.1:$PORT/bare" --auth none) ;;
  raw) FANOUT_ARGS=(--url "ws://127.0.0.1:$PORT/raw" --auth none) ;;
  stomp) FANOUT_ARGS=(--url "ws://127.0.0.1:$PORT/stomp" --auth none --protocol stomp) ;;
  *) FANOUT_ARGS=() ;;
esac
FANOUT_ARGS+=(--publish-url "http://127.0.0.1:$PORT/api/live/publish" --server-pid "$SERVER_PID" --server "$SERVER" --jar "$BENCH_JAR")
fanout() { java -Xmx512m -cp "$BENCH_JAR" dev.heliograph.live.bench.fanout.FanoutRun "${FANOUT_ARGS[@]}" "$@"; }

tool() { java -Xmx1g -cp "$BENCH_JAR" dev.heliograph.live.bench.load.LoadTool "${TOOL_ARGS[@]}" "$@"; }
echo "server: $SERVER (${SERVER_CMD[*]}), pid $SERVER_PID; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
