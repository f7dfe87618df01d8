#!/usr/bin/env bash
# Every fan-out figure of BENCHMARKS.md in one go, one after another (about an hour on 2 cores;
# run it on a quiet machine: nothing else building or testing), into one dated directory:
#
#   benchmarks/scripts/fanout-all.sh [--out DIR] [--skip "headline jdk25 curves latency idle"]
#
#   1. headline: 5,000 subscribers on one channel x 20/s, every server side by side, twice
#      (ours on Jetty with shared bytes, ours with the Jakarta fallback, the bare Jakarta endpoint,
#      the raw-socket limit, Spring STOMP, ours on Tomcat, the bare endpoint on Tomcat), then
#      ours, bare and raw again on JDK 25 when /usr/lib/jvm/temurin-25-jdk-amd64 exists;
#   2. curves: 100 / 1,000 / 5,000 / 15,000 subscribers on one channel and 1,000 channels x 10,
#      10 and 100 publications/s, for ours, the bare endpoint and the raw limit (CSV, .md, .png);
#   3. latency: publish -> last receipt and the HTTP answer at 1k / 5k / 15k, 2/s, lanes on and off;
#   4. idle: 18,000 subscribed connections held, README's flags, on JDK 17 (and on JDK 25 when
#      /usr/lib/jvm/temurin-25-jdk-amd64 exists), and the bare endpoint's memory for comparison.
#
# Builds nothing; needs examples/target/live-example.jar and benchmarks/target/benchmarks.jar:
#   ./mvnw -B -q -pl examples,benchmarks -am -DskipTests package
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/benchmarks/results/fanout-$(date -u +%Y%m%d)"
SKIP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --skip) SKIP="$2"; shift 2 ;;
    -h|--help) sed -n "2,18p" "$0"; exit 0 ;;
    *) echo "unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
S="$ROOT/benchmarks/scripts"
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
run() { # name, command...: logs to OUT/name.log, tells the load average before and after
  local name="$1"; shift
  echo "== $name: $* (load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S))"
  "$@" 2>&1 | tee "$OUT/$name.log" | grep -E '^== |delivered|server CPU|latency|publish ->|HTTP publish|seated|idle|RSS' || true
}
skipped() { case " $SKIP " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if ! skipped headline; then
  for round in 1 2; do
    run "headline-$round" "$S/fanout-curves.sh" --servers "heliograph heliograph-jakarta bare raw stomp heliograph-tomcat bare-tomcat" \
      --subscribers 5000 --rates 20 --wide "" --duration 10 --warmup 5 --clients 2 --out "$OUT"
  done
fi
if ! skipped jdk25 && [ -x "$JDK25/bin/java" ]; then
  # the same headline for ours, the bare endpoint and the raw limit with JDK 25 (servers and clients)
  PATH="$JDK25/bin:$PATH" run headline-jdk25 "$S/fanout-curves.sh" --servers "heliograph bare raw" \
    --subscribers 5000 --rates 20 --wide "" --duration 10 --warmup 5 --clients 2 --out "$OUT"
fi
if ! skipped curves; then
  run curves "$S/fanout-curves.sh" --servers "heliograph bare raw" --subscribers "100 1000 5000 15000" \
    --rates "10 100" --wide "1000x10" --duration 10 --warmup 5 --clients 3 --out "$OUT"
fi
if ! skipped latency; then
  run latency "$S/fanout-latency.sh" --warmup 3 --clients 3 --out "$OUT"
fi
if ! skipped idle; then
  run idle-jdk17 "$S/fanout-idle-crowd.sh" --jvm-flags readme --hold 50 --settle 30 --out "$OUT"
  if [ -x "$JDK25/bin/java" ]; then
    PATH="$JDK25/bin:$PATH" run idle-jdk25 "$S/fanout-idle-crowd.sh" --jvm-flags readme --hold 50 --settle 30 --out "$OUT"
  fi
  run idle-bare "$S/fanout-idle-crowd.sh" --server bare --jvm-flags readme --hold 20 --settle 10 --out "$OUT"
fi
echo "done: $OUT"
