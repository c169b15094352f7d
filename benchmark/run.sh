#!/usr/bin/env bash
# The performance benchmark of every function (artifact size, cold start against a bare `java` hello-world, the
# same with SnapStart priming, warm latency in-process, AWS calls per operation), written to docs/PERFORMANCE.md.
# Needs a JDK 17+ and loopback only: no Docker, no AWS. About 5 minutes on 2 cores.
#
#   benchmark/run.sh                                  # every function, 10 cold starts per variant
#   FUNCTIONS=create-secret EXTRA=1 benchmark/run.sh  # one function plus the client/flag comparisons
#   RUNS=3 WARM=500,2000 benchmark/run.sh             # a quick look (not for the record)
#
# Time: about 25 s per function (20 cold starts of 1-1.5 s each) plus 2 minutes of builds and warm-up runs on an idle
# 2-core machine; with the 14 functions of the template that is well over 5 minutes, and other load on the machine
# stretches it further (the report records the load average). FUNCTIONS=create-secret EXTRA=1 takes about 4 minutes.
#
# Environment: RUNS (cold starts per variant, default 10), WARM (warm-up,measured invocations, default
# 2000,5000), OUT (default docs/PERFORMANCE.md), FUNCTIONS (comma-separated function names as in events/, e.g. create-secret, default all of
# template.yaml), EXTRA=1 for the comparisons on create-secret: JVM default flags, url-connection vs CRT HTTP
# client.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-10}
WARM=${WARM:-2000,5000}
OUT=${OUT:-docs/PERFORMANCE.md}

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
echo "[run.sh] load average before: $(load) on $(nproc) CPUs"
echo "[run.sh] building: ./mvnw -q -B -ntp -Pbenchmark package -DskipTests"
./mvnw -q -B -ntp -Pbenchmark package -DskipTests

java -cp benchmark/target/classes io.dataraven.secrets.benchmark.Benchmark \
  --root "$ROOT" --out "$OUT" --runs "$RUNS" --warm "$WARM" --crt-lib benchmark/target/crt-lib \
  --functions "${FUNCTIONS:-}" --extra "$([ "${EXTRA:-0}" = 1 ] && echo true || echo false)" \
  --load-before "$(load)"
echo "[run.sh] load average after: $(load)"
echo "[run.sh] wrote $OUT"
