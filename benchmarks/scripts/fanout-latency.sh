#!/usr/bin/env bash
# Publish latency to the last subscriber: publish-to-last-receipt per publication and the HTTP
# publish response time (both from the scheduled send time) at 1k, 5k and 15k subscribers on one
# channel, 2 publications/s (slow enough that neither the server nor the receiving processes
# queue up on two cores: the figure is one publication's fan-out, not a backlog), for ours with
# the parallel fan-out lanes (heliograph) and without them (heliograph-serial: every publication
# fanned out on the publisher's thread, as before the lanes), the bare endpoint and the raw limit.
# A thin front of fanout-curves.sh (same output files, same options; these are only its defaults):
#
#   benchmarks/scripts/fanout-latency.sh [fanout-curves.sh options]
set -euo pipefail
exec "$(dirname "$0")/fanout-curves.sh" --servers "heliograph heliograph-serial bare raw" \
  --subscribers "1000 5000 15000" --rates "2" --wide "" --duration 15 "$@"
