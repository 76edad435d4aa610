#!/usr/bin/env bash
# The spread of the in-process ping-pong over many JVMs: 10 rounds (one fresh JVM each for kekbit, Aeron IPC and
# Agrona per round, interleaved), about 8 s per JVM, 4 minutes in all; prints every run, then one Markdown table
# (per transport: median p50 / its same-JVM cache-line probe, runs within 1.3x of their probe, rounds won, and the
# median, lowest and highest p50). The table is also saved to target/spread.md (--out to change it).
#
# BENCH_JAVA picks the JVM as in run-quick.sh. Extra arguments go to io.kekbit.benchmarks.Spread, for example
# --jvms 20, --scenario pingpong-ipc or --transports kekbit,aeron,agrona,chronicle,cacheline.
set -euo pipefail
cd "$(dirname "$0")"
source ./bench-java.sh
exec "$BENCH_JAVA" -cp target/benchmarks.jar io.kekbit.benchmarks.Spread --out target/spread.md "$@"
