#!/usr/bin/env bash
# The performance benchmark of every function (artifact size, cold start under Lambda's runtime interface client
# against a hello-world handler and a stand-in of AWS's dagger sample, on demand and after the SnapStart snapshot
# point, warm latency in-process, AWS calls per operation), written to docs/PERFORMANCE.md. Needs a JDK 17+ and
# loopback only: no Docker, no AWS.
#
#   benchmark/run.sh                                  # every function, 10 rounds
#   FUNCTIONS=create-secret EXTRA=1 benchmark/run.sh  # one function plus the client/flag comparisons
#   RUNS=3 WARM=500,2000 benchmark/run.sh             # a quick look (not for the record)
#
# Time: a round starts every variant once (two baselines, then each function on demand and with SnapStart
# priming), about 1.5 s each on an idle 2-core machine, so about 45 s a round for the 15 functions of the template,
# plus a discarded round, a class-counting round, the warm-up runs and the build; other load on the machine
# stretches it (the report records the load average).
#
# Environment: RUNS (rounds, default 10), WARM (warm-up,measured invocations, default 2000,5000), OUT (default
# docs/PERFORMANCE.md), FUNCTIONS (comma-separated function names as in events/, e.g. create-secret, default all of
# template.yaml), EXTRA=1 for the comparisons on create-secret: C2 on (no TieredStopAtLevel=1), url-connection vs
# CRT HTTP client; SAMPLE_JAR (the shaded jar of AWS's serverless-java-frameworks-samples dagger sample, built
# outside this repository: its dagger/pom.xml with the awssdk BOM at our version and apache5-client excluded
# beside apache-client, then `mvn package`) to run the sample itself beside its stand-in; CLASS_LOGS (a folder to keep each
# variant's class-load log in); IDLE (ms: every cold start gets a third request that long after its second's answer,
# a warm function whose requests come seconds apart; 0 by default, none); BUILD=0 to use what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-10}
WARM=${WARM:-2000,5000}
OUT=${OUT:-docs/PERFORMANCE.md}

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
echo "[run.sh] load average before: $(load) on $(nproc) CPUs"
if [ "${BUILD:-1}" = 1 ]; then
  echo "[run.sh] building: ./mvnw -q -B -ntp -Pbenchmark package -DskipTests"
  ./mvnw -q -B -ntp -Pbenchmark package -DskipTests
fi

java -cp benchmark/target/classes io.dataraven.secrets.benchmark.Benchmark \
  --root "$ROOT" --out "$OUT" --runs "$RUNS" --warm "$WARM" --crt-lib benchmark/target/crt-lib \
  --functions "${FUNCTIONS:-}" --extra "$([ "${EXTRA:-0}" = 1 ] && echo true || echo false)" \
  --sample-jar "${SAMPLE_JAR:-}" --class-logs "${CLASS_LOGS:-}" --idle "${IDLE:-0}" --load-before "$(load)"
echo "[run.sh] load average after: $(load)"
echo "[run.sh] wrote $OUT"
