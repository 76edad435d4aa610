#!/usr/bin/env bash
# The full comparison: every JMH benchmark with its own iteration counts and 3 forks, and 3 latency runs of 10 s per
# cell (medians reported). Takes about half an hour. Same options as run-quick.sh; table in target/comparison-full.md.
set -euo pipefail
MODE=--full exec "$(dirname "$0")/run-quick.sh" "$@"
