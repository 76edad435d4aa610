#!/usr/bin/env bash
# Sourced by the run-*.sh scripts, from this folder: sets BENCH_JAVA (default: JDK 17 when installed, as in the
# issue's baseline; else java on PATH) and builds target/benchmarks.jar when it is missing.
if [[ -z "${BENCH_JAVA:-}" ]]; then
  if [[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]]; then
    BENCH_JAVA=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
  else
    BENCH_JAVA=java
  fi
fi
if [[ ! -f target/benchmarks.jar ]]; then
  (cd .. && mvn -B -q -pl kekbit-benchmarks -am package -DskipTests)
fi
