#!/usr/bin/env bash
# JSON vs Protobuf fan-out in one run: CPU per delivery and bytes per delivery (WireProtocolFanOut,
# one publication to 1,000 sessions of each protocol, CPU time of the publishing thread), then the
# JMH benchmark of the same path for 1 and 1,000 subscribers with the GC profiler.
#
#   benchmarks/scripts/wire-protocols.sh
#
# Builds nothing: run `./mvnw -B -q -DskipTests package` first (benchmarks/target/benchmarks.jar).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=benchmarks/target/benchmarks.jar
echo "# $(date -u +%FT%TZ) $(uptime)"
java -cp "$JAR" dev.heliograph.live.bench.protocol.WireProtocolFanOut
java -jar "$JAR" 'bench\.protocol\.WireProtocolBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
echo "# $(date -u +%FT%TZ) $(uptime)"
