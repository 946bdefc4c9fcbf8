#!/usr/bin/env bash
# Sandbox benchmark on the real Docker engine (needs the image: ops/sandbox/build.sh, and a build:
# ./mvnw -DskipTests verify, or at least test-compile of the gateway). Prints warm exec latency (echo hi,
# python3 -c 'print(1)'), the docker exec CLI on the same container as a baseline, cold start, and concurrent
# throughput. Usage: ops/sandbox/bench.sh [warm-iterations]   (figures: docs/BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
CP=gateway/target/bench.classpath
./mvnw -q -o -pl gateway dependency:build-classpath -Dmdep.outputFile="$PWD/$CP" -Dmdep.includeScope=test >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "gateway/target/test-classes:gateway/target/classes:$(cat $CP)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.toolgate.gateway.sandbox.SandboxBench "${1:-200}" 2>&1 | grep -v -E '^(SLF4J|[0-9]{2}:[0-9]{2})'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
