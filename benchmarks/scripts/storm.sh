#!/usr/bin/env bash
# Connection storms against the demo server, run from outside the way a user runs it.
#
#   benchmarks/scripts/storm.sh [--profile short|full|long] [other StormTool options, see --help]
#
# Builds nothing; needs examples/target/live-example.jar and benchmarks/target/benchmarks.jar:
#   ./mvnw -B -q -pl examples,benchmarks -am -DskipTests package
# Default profile: long (waves of 5,000, crowds of 5,000 and 15,000 on one broadcast channel with
# join/leave, 50 slow readers, 5,000 half-open upgrades, a 30 s publish flood, a Redis restart
# under 5,000). Each scenario starts its own server process (and redis-server, on a free port),
# watches a canary, SIGTERMs the server and checks what is left. Loopback only; crowds connect
# from 127.0.0.2 up, 5,000 per address; one client process holds at most 18,000 sockets.
# Writes the Markdown report to benchmarks/target/storm/<profile>-<time>.md; its Summary table
# pastes into BENCHMARKS.md. Exit status 0 when every check passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
EXAMPLE_JAR="$ROOT/examples/target/live-example.jar"
for jar in "$BENCH_JAR" "$EXAMPLE_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: build with ./mvnw -B -q -pl examples,benchmarks -am -DskipTests package" >&2; exit 2; }
done
case " $* " in
  *" --help "*|*" -h "*) exec java -cp "$BENCH_JAR" dev.heliograph.live.bench.storm.StormTool --help ;;
esac

PROFILE=long
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) PROFILE="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

# The client process holds one descriptor per connection (15,000 in the long profile's big crowd);
# so does the server, which inherits this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NEEDED=$([ "$PROFILE" = long ] && echo 16000 || echo 3000)
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEEDED" ]; then
  echo "the open-file limit is $(ulimit -n) (hard $(ulimit -Hn)); profile $PROFILE needs about $NEEDED" >&2
  exit 2
fi

WORK="$ROOT/benchmarks/target/storm"
REPORT="$WORK/$PROFILE-$(date +%Y%m%d-%H%M).md"
mkdir -p "$WORK"
echo "storm profile $PROFILE; server logs in $WORK; report $REPORT"
exec java -Xmx2g -cp "$BENCH_JAR" dev.heliograph.live.bench.storm.StormTool --profile "$PROFILE" \
  --server-jar "$EXAMPLE_JAR" --work-dir "$WORK" --report "$REPORT" ${ARGS[@]+"${ARGS[@]}"}
