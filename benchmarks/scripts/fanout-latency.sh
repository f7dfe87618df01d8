#!/usr/bin/env bash
# Publish latency to the last subscriber: publish-to-last-receipt per publication and the HTTP
# publish response time (both from the scheduled send time) at 1k, 5k and 15k subscribers on one
# channel, 20 publications/s, for ours, the bare endpoint and the raw limit. A thin front of
# fanout-curves.sh (same output files, same options; these are only its defaults):
#
#   benchmarks/scripts/fanout-latency.sh [fanout-curves.sh options]
set -euo pipefail
exec "$(dirname "$0")/fanout-curves.sh" --subscribers "1000 5000 15000" --rates "20" --wide "" "$@"
