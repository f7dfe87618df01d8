#!/usr/bin/env bash
# Publish cost with channel history on vs off, LocalHub and RedisHub in the same JMH run
# (HistoryPublishBenchmark: a real redis-server on a free port per trial, never 6379).
#
#   benchmarks/scripts/history-publish.sh [extra JMH options]
#
# Builds nothing: run `./mvnw -B -q -DskipTests package` first (benchmarks/target/benchmarks.jar).
# Prints the load average before and after, for the record in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
uptime
java -jar benchmarks/target/benchmarks.jar HistoryPublishBenchmark -f 1 -wi 2 -w 2s -i 4 -r 2s "$@"
uptime
