#!/usr/bin/env bash
# Serving speed of GET /predict against the service's own trivial endpoint (issue 4's targets).
#
# Starts the packaged service (-Xmx1g, throw-away H2), creates the 784-256-128-10 relu/relu/softmax
# model and gives it random He-initialised parameters by PUT /models/{id}/parameters (the speed of a
# forward pass does not depend on the values), and builds one GET /predict URL from the first
# Fashion-MNIST test image scaled to [0,1]. After a warm-up of both endpoints it runs, alternately and
# ROUNDS (3) times each, `wrk -t2 -c32 -d${DURATION} --latency` against /predict?model=…&input=… and
# against /actuator/health/liveness, then prints requests/s of each (median of the rounds), their ratio
# (target ≥ 0.8) and the p50/p90/p99 latency of /predict (target p99 ≤ 5 ms). wrk runs on the same
# 2 cores as the service, for both endpoints alike. Finally it times the single-sample forward pass in
# process (bench/ForwardTiming.java, a nanoTime loop over Network.predict, on the same test image, a
# synthetic input and a dense one, since a single row skips its zero inputs; target ≤ 10 µs; JMH is the
# rigorous figure, this is a quick check on the jar's own classes).
#
# Noise: as in train-vs-pytorch.sh, each wrk run waits for an idle machine, and is rerun (up to TRIES,
# 3, in all) when processes other than the service and wrk took more than OTHERS_MAX (0.1) cores.
# Each run's line shows the CPU cores of the service and of wrk, and the service's GC pauses.
#
# Env: ROUNDS (3), DURATION (10s), WARMUP (10s per endpoint) × WARMUP_ROUNDS (3), TRIES, PORT, HEAP (1g),
# QUIET_MAX / QUIET_WAIT / OTHERS_MAX (see lib.sh), KEEP=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-3}

ensure_packages wrk jq dataset-fashion-mnist python3-numpy
ensure_jar
log "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
start_service

MODEL=$(curl -sf -X POST "$URL/models" -H 'Content-Type: application/json' -d '{
  "name": "predict-bench", "inputSize": 784,
  "layers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"},
             {"units": 10, "activation": "softmax"}],
  "loss": "cross_entropy", "seed": 1}' | jq -r .id)

# Random parameters ({"layers":[{"weights":[[…]],"biases":[…]}]}, weights[j][i]) and the input.
"$PY" - "$WORK" "$DATA/t10k-images-idx3-ubyte.gz" <<'EOF'
import gzip, json, sys
import numpy as np
work, images = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(1)
layers, fan_in = [], 784
for units in (256, 128, 10):
    w = rng.normal(0, np.sqrt(2 / fan_in), (units, fan_in)).round(5)
    layers.append({"weights": w.tolist(), "biases": [0.0] * units})
    fan_in = units
json.dump({"layers": layers}, open(f"{work}/parameters.json", "w"))
raw = gzip.open(images).read()
pixels = np.frombuffer(raw, dtype=np.uint8, offset=16)[:784] / 255.0
open(f"{work}/input.txt", "w").write(",".join("0" if p == 0 else f"{p:.4f}".rstrip("0") for p in pixels))
EOF
curl -sf -X PUT "$URL/models/$MODEL/parameters" -H 'Content-Type: application/json' \
  --data-binary "@$WORK/parameters.json" >/dev/null
PREDICT="$URL/predict?model=$MODEL&input=$(cat "$WORK/input.txt")"
HEALTH="$URL/actuator/health/liveness"
log "model $MODEL; GET /predict URL of $(wc -c <<<"$PREDICT") characters answers: $(curl -sf "$PREDICT" | jq -c '{version, "label": .label}')"

# wrk_json name url duration: runs wrk, prints {name, rps, p50, p75, p90, p99 (ms), errors}.
wrk_json() {
  local out
  out=$(wrk -t2 -c32 -d"$3" --latency "$2")
  awk -v name="$1" '
    function ms(v) { if (v ~ /us$/) return v * 0.001; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    / requests in / { requests = $1 }
    /^ +50%/ { p50 = ms($2) } /^ +75%/ { p75 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { errors += 1 }
    END { printf "{\"name\":\"%s\",\"rps\":%s,\"p50\":%s,\"p75\":%s,\"p90\":%s,\"p99\":%s,\"errors\":%d,\"requests\":%d}\n",
          name, rps, p50, p75, p90, p99, errors, requests }' <<<"$out"
}

# Warm-up under the same load, several times over: the JIT takes its time on 2 busy cores (from a cold
# start /predict climbed from 1,200 to 9,000 requests/s over 40 s of load); after a single 10 s of
# each, the first measured round still ran 30-50 % slower than the next ones.
log "warm-up: ${WARMUP_ROUNDS}x $WARMUP of each endpoint"
for _ in $(seq "$WARMUP_ROUNDS"); do
  wrk_json warm-predict "$PREDICT" "$WARMUP" >/dev/null
  wrk_json warm-health "$HEALTH" "$WARMUP" >/dev/null
done

RESULTS=$WORK/results.jsonl
: >"$RESULTS"
TRIES=${TRIES:-3}
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="predict health"; else order="health predict"; fi
  for which in $order; do
    if [ "$which" = predict ]; then url=$PREDICT; else url=$HEALTH; fi
    for try in $(seq "$TRIES"); do # rerun a measurement during which other processes took CPU
      wait_quiet
      gc0=$(gc_totals)
      measure_begin
      line=$(wrk_json "$which" "$url" "$DURATION")
      measure_end
      gc1=$(gc_totals)
      [ "$INTERFERED" = 0 ] && break
      if [ "$try" -lt "$TRIES" ]; then
        log "  (discarded $which: other processes used $OTHERS_CORES cores during that run; rerunning)"
      else
        NOISY_RUNS=$((NOISY_RUNS + 1)); LOAD_NOTE="NOISY: $LOAD_NOTE"
      fi
    done
    echo "$line" >>"$RESULTS"
    jq -r --arg load "$LOAD_NOTE" --arg r "$round" --arg others "$OTHERS_CORES" --arg svc "$SERVICE_CORES" --arg own "$OWN_CORES" \
      --arg gc "$(awk -v a="$gc0" -v b="$gc1" -v n="$(jq .requests <<<"$line")" 'BEGIN { split(a, x, " "); split(b, y, " ");
        printf "%d pauses %d ms, %.1f KB allocated/request", y[1] - x[1], (y[2] - x[2]) * 1000, (y[3] - x[3]) / 1024 / (n > 0 ? n : 1) }')" '"  round \($r) \(.name | . + "        " | .[0:8]) \(.rps) req/s, p50 \(.p50) ms, p75 \(.p75) ms, p90 \(.p90) ms, p99 \(.p99) ms\(if .errors > 0 then ", \(.errors) ERRORS" else "" end)   [CPU: service \($svc), wrk \($own), others \($others) cores; GC \($gc); \($load)]"' <<<"$line" >&2
  done
done

"$PY" - "$RESULTS" "$NOISY_RUNS" "$DURATION" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
noisy, duration = int(sys.argv[2]), sys.argv[3]
med = lambda name, key: statistics.median(r[key] for r in rows if r["name"] == name)
p, h = med("predict", "rps"), med("health", "rps")
print()
print(f"wrk -t2 -c32 -d{duration} --latency, median of the rounds")
print(f"{'endpoint':<28} {'requests/s':>11} {'p50 ms':>8} {'p75 ms':>8} {'p90 ms':>8} {'p99 ms':>8}")
for name, label in (("predict", "GET /predict (784 inputs)"), ("health", "/actuator/health/liveness")):
    print(f"{label:<28} {med(name, 'rps'):>11,.0f} " + " ".join(f"{med(name, k):>8.2f}" for k in ("p50", "p75", "p90", "p99")))
print()
for name in ("predict", "health"):
    print(f"  {name:<8} per-round requests/s: " + ", ".join(f"{r['rps']:,.0f}" for r in rows if r["name"] == name))
ratio, p99 = p / h, med("predict", "p99")
print()
print(f"ratio /predict : liveness = {ratio:.2f}  (target >= 0.8: {'met' if ratio >= 0.8 else f'MISSED by {(1 - ratio / 0.8) * 100:.0f}%'})")
print(f"/predict p99 = {p99:.2f} ms  (target <= 5 ms: {'met' if p99 <= 5 else f'MISSED by {p99 - 5:.2f} ms'})")
if sum(r["errors"] for r in rows):
    print("warning: wrk reported errors or non-2xx responses")
if noisy:
    print(f"warning: {noisy} run(s) were measured on a busy machine (marked NOISY above)")
EOF

# Single-sample forward pass in process, on the jar's own engine classes.
mkdir -p "$WORK/classes"
(cd "$WORK/classes" && "$(dirname "$JAVA")/jar" xf "$WORK/backprop.jar" BOOT-INF/classes/io/backprop/engine)
wait_quiet
"$JAVA" --add-modules jdk.incubator.vector -cp "$WORK/classes/BOOT-INF/classes" "$ROOT/bench/ForwardTiming.java" \
  "$DATA/t10k-images-idx3-ubyte.gz" 2>&1 |
  grep -v '^WARNING: Using incubator modules' | sed 's/$/  (target <= 10 us)/'
