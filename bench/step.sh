#!/usr/bin/env bash
# One training step of 784-256-128-10 in JMH (src/jmh, TrainingStepBenchmark): batch 128 and 32, plain SGD,
# SGD with momentum and Adam, on both cores and then on one (-XX:ActiveProcessorCount=1, which leaves the
# engine without its helper thread), so the second core's contribution shows in the same run.
#
#   bench/step.sh                       # 2 forks, 5 × 1 s warm-up, 5 × 1 s measurement per case
#   JMH_OPTS="-f 3 -wi 5 -i 10" bench/step.sh
#   bench/step.sh -p batch=32           # extra arguments go to JMH
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
out=target/bench
classpath=$(jmh_classpath)

for cpus in 2 1; do
  "$JAVA" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
    TrainingStepBenchmark ${JMH_OPTS:--f 2 -wi 5 -w 1s -i 5 -r 1s} -jvmArgsAppend "-XX:ActiveProcessorCount=$cpus" \
    -rf csv -rff "$out/step-$cpus.csv" "$@" >"$out/step-$cpus.log"
done

echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
printf "%-6s %-9s %22s %22s %8s\n" batch optimizer "2 cores samples/s" "1 core samples/s" "2 / 1"
join -t, <(awk -F, 'NR > 1 { gsub(/"/, ""); print $8 "/" $9 "," $5 "," $6 }' "$out/step-2.csv" | sort) \
         <(awk -F, 'NR > 1 { gsub(/"/, ""); print $8 "/" $9 "," $5 "," $6 }' "$out/step-1.csv" | sort) |
  awk -F, '{ split($1, k, "/"); b = k[1]; printf "%-6s %-9s %14.0f ± %5.0f %14.0f ± %5.0f %7.2fx\n", b, k[2], $2 * b, $3 * b, $4 * b, $5 * b, $2 / $4 }' |
  sort -k1,1nr -k2,2
