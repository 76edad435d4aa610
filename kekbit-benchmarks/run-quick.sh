#!/usr/bin/env bash
# Runs the whole comparison briefly (under 5 minutes): write cost per CPU-second, JMH throughput for kekbit, Chronicle
# Queue, Aeron IPC, Agrona and the memory-copy floor, the latency harness (ping-pong in one process and across two,
# one-way paced) and the listener overhead, and prints one Markdown table with kekbit's ratio to the best peer, then
# the total wall time. The table is also saved to target/comparison-quick.md.
#
# BENCH_JAVA picks the JVM (default: JDK 17 when installed, as in the issue's baseline; else java on PATH).
# Extra arguments go to io.kekbit.benchmarks.Comparison (for example --skip-latency).
set -euo pipefail
started=$SECONDS
cd "$(dirname "$0")"
mode="${MODE:---quick}"
source ./bench-java.sh
out="target/comparison${mode/--/-}.md"
status=0
"$BENCH_JAVA" -cp target/benchmarks.jar io.kekbit.benchmarks.Comparison "$mode" --out "$out" "$@" || status=$?
elapsed=$((SECONDS - started))
printf '\nTotal wall time (%s): %d s (%dm%02ds)\n' "$mode" "$elapsed" $((elapsed / 60)) $((elapsed % 60))
exit "$status"
