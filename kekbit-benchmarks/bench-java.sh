#!/usr/bin/env bash
# Sourced by the run-*.sh scripts, from this folder: sets BENCH_JAVA (default: the JDK 17 named by KEKBIT_JDK17 when
# set, the baseline the comparison is stated for; else java on PATH) and builds target/benchmarks.jar when missing.
if [[ -z "${BENCH_JAVA:-}" ]]; then
  if [[ -n "${KEKBIT_JDK17:-}" && -x "$KEKBIT_JDK17/bin/java" ]]; then
    BENCH_JAVA="$KEKBIT_JDK17/bin/java"
  else
    BENCH_JAVA=java
  fi
fi
if [[ ! -f target/benchmarks.jar ]]; then
  (cd .. && ./mvnw -B -q -pl kekbit-benchmarks -am package -DskipTests)
fi
