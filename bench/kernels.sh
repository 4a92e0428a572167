#!/usr/bin/env bash
# GFLOP/s of the fast and the reference matrix kernel on the MLP's products (784-256-128-10, batch 128
# and 32), measured with JMH (src/jmh, Maven profile "bench"), against the fp32 peak of this machine.
#
#   bench/kernels.sh                 # short run: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement per product
#   bench/kernels.sh -p kernel=fast  # extra arguments go to JMH, e.g. -prof gc
#   JMH_OPTS="-f 3 -wi 5 -i 10" bench/kernels.sh   # instead of the short run's settings
#
# The yardstick is this machine's fp32 peak on all its cores, measured (FmaPeakBenchmark: FMA chains with no
# memory traffic) right before and right after the products, since these hosts' speed drifts; the table
# uses the mean of the two. PEAK_GFLOPS=… sets it instead (the issue's 234: 2 Zen 4 cores × 32 FLOP/cycle
# × ~3.66 GHz).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
out=target/bench
classpath=$(jmh_classpath)

# peak_run CSV: prints the GFLOP/s of FmaPeakBenchmark.onEveryCore and of oneCore (38.4 MFLOP an operation)
peak_run() {
  "$JAVA" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
    FmaPeakBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s -rf csv -rff "$1" >/dev/null
  awk -F, '{ sub(/\r$/, "") } NR > 1 { gsub(/"/, "", $1); g = $5 * 38.4e6 / 1e9
    if ($1 ~ /onEveryCore/) every = g; else one = g }
    END { printf "%.1f %.1f\n", every, one }' "$1"
}
read -r peakBefore oneBefore < <(peak_run "$out/peak-before.csv")
"$JAVA" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main \
  MatrixKernelBenchmark ${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s} -rf csv -rff "$out/kernels.csv" "$@"
read -r peakAfter oneAfter < <(peak_run "$out/peak-after.csv")
peak=${PEAK_GFLOPS:-$(awk -v a="$peakBefore" -v b="$peakAfter" 'BEGIN { printf "%.1f", (a + b) / 2 }')}

# the table: GFLOP/s = ops/s × 2·m·k·n; "step" is all of a batch's products one after the other
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
echo "measured fp32 peak, GFLOP/s: all cores $peakBefore before and $peakAfter after the products; one core $oneBefore and $oneAfter"
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
    printf "GFLOP/s; peak %.1f GFLOP/s fp32 on all cores\n", peak
  }' "$out/kernels.csv"
