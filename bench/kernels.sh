#!/usr/bin/env bash
# GFLOP/s of the fast and the reference matrix kernel on the MLP's products (784-256-128-10, batch 128
# and 32), measured with JMH (src/jmh, Maven profile "bench"), against the fp32 peak of this machine.
#
#   bench/kernels.sh                 # short run: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement per product
#   bench/kernels.sh -p kernel=fast  # extra arguments go to JMH, e.g. -prof gc
#   JMH_OPTS="-f 3 -wi 5 -i 10" bench/kernels.sh   # instead of the short run's settings
#
# PEAK_GFLOPS (default 234: 2 Zen 4 cores × 32 fp32 FLOP/cycle × ~3.66 GHz) sets the yardstick.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
out=target/bench
peak=${PEAK_GFLOPS:-234}
classpath=$(jmh_classpath)

"$JAVA" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
  MatrixKernelBenchmark ${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -rf csv -rff "$out/kernels.csv" "$@"

# the table: GFLOP/s = ops/s × 2·m·k·n; "step" is all of a batch's products one after the other
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
awk -F, -v peak="$peak" '
  { sub(/\r$/, "") }
  NR == 1 { for (i = 1; i <= NF; i++) { name = $i; gsub(/"/, "", name); col[name] = i }; next }
  {
    kernel = $col["Param: kernel"]; shape = $col["Param: shape"]; score = $col["Score"]
    split(shape, parts, ":"); split(parts[2], d, "x")
    flops = 2 * d[1] * d[2] * d[3]
    batch = (parts[1] == "weights") ? d[2] : d[1]
    gflops[shape, kernel] = score * flops / 1e9
    if (!(shape in seen)) { seen[shape] = 1; order[++count] = shape; shapeBatch[shape] = batch }
    stepFlops[batch, kernel] += flops; stepSeconds[batch, kernel] += 1 / score
  }
  END {
    printf "%-22s %10s %10s %8s %12s\n", "product m×k×n", "fast", "reference", "speed-up", "fast/peak"
    for (i = 1; i <= count; i++) {
      s = order[i]; f = gflops[s, "fast"]; r = gflops[s, "reference"]
      printf "%-22s %10.1f %10.1f %7.1f× %11.0f%%\n", s, f, r, (r > 0 ? f / r : 0), 100 * f / peak
      nextBatch = (i < count) ? shapeBatch[order[i + 1]] : -1
      if (nextBatch != shapeBatch[s]) {
        b = shapeBatch[s]
        f = stepFlops[b, "fast"] / stepSeconds[b, "fast"] / 1e9
        r = (stepSeconds[b, "reference"] > 0) ? stepFlops[b, "reference"] / stepSeconds[b, "reference"] / 1e9 : 0
        printf "%-22s %10.1f %10.1f %7.1f× %11.0f%%\n", "step, batch " b, f, r, (r > 0 ? f / r : 0), 100 * f / peak
      }
    }
    printf "GFLOP/s; peak %d GFLOP/s fp32 on 2 cores\n", peak
  }' "$out/kernels.csv"
