#!/usr/bin/env bash
# Training throughput and accuracy against PyTorch (issue 4's targets).
#
# Fashion-MNIST, 784-256-128-10 (relu, relu, softmax), cross_entropy, 3 epochs, in three
# configurations: SGD lr 0.1 batch 128, SGD lr 0.1 batch 32, Adam lr 0.001 batch 128. For each one,
# ROUNDS (3) rounds of: a job on the packaged service over HTTP (started here with -Xmx1g on a
# throw-away H2 database) and bench/train_pytorch.py (Debian's python3-torch with OpenBLAS, 2 threads,
# OMP_WAIT_POLICY=passive), alternately (odd rounds ours first, even rounds PyTorch first).
#
# Figures: samples/s of a run = 60,000 × epochs / Σ epoch seconds (ours: the job's epoch `millis`;
# PyTorch: each epoch's training loop timed with perf_counter); the table shows the median over rounds.
# Test accuracy: ours from POST /models/{id}/evaluate on the uploaded test set after the job, PyTorch's
# from the same 10,000 images after training. Round r uses seed r for both (initial weights and shuffling),
# so the accuracies are compared as means over ROUNDS seeds: one seed is too few for the 0.5 pp limit (the
# two libraries draw different numbers from a seed, and seeds alone move the accuracy by ~0.5 pp).
#
# Noise: the machine has 2 cores, so anything else running skews a run. Before each run the script
# waits for an idle machine (< QUIET_MAX % CPU busy over a second), and it measures how much CPU other
# processes (not the service, not this script and its children) took during the run: a run where they
# averaged more than OTHERS_MAX (0.1) cores is discarded and rerun, up to TRIES (3) times in all, and
# kept marked NOISY after that. Each run's line shows the CPU cores the trainer used and GC pauses.
#
# Warm-up: before each configuration, one unmeasured job of it (WARMUP_EPOCHS, 1), so that the JIT has
# compiled what that configuration runs (the Adam update, the batch-32 shapes) as it would have in a
# service that has been up for a while; PyTorch has no JIT. The first epoch of a cold service is ~2x slower.
#
# Accuracy: the timed rounds use seeds 1..ROUNDS; seeds ROUNDS+1..ACCURACY_SEEDS are then run untimed,
# ours and PyTorch's, for accuracy only. A 3-epoch test accuracy varies by ~0.5-1 pp from seed to seed
# in both libraries, so the comparison is of means over ACCURACY_SEEDS seeds, printed with the standard
# error of the difference.
#
# Env: ROUNDS (5), EPOCHS (3), WARMUP_EPOCHS (1; 0 to skip), ACCURACY_SEEDS (20), TRIES, PORT, HEAP (1g),
# PEER_OPENBLAS_CORETYPE (PyTorch's OpenBLAS kernels; by default the fastest of those timed, see below),
# QUIET_MAX / QUIET_WAIT / OTHERS_MAX (see lib.sh), KEEP=1 (keep the temp dir with the service log and
# results.jsonl).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ROUNDS=${ROUNDS:-5}
EPOCHS=${EPOCHS:-3}
WARMUP_EPOCHS=${WARMUP_EPOCHS:-1}
ACCURACY_SEEDS=${ACCURACY_SEEDS:-20}
SEED=1 # of the warm-up; round r uses seed r
ROWS=60000

# libopenblas0: without it python3-torch calls the reference BLAS (libblas3), ~2.5 GFLOP/s, and
# PyTorch trains 20-30x slower than it can; the issue's PyTorch figures are with OpenBLAS.
ensure_packages dataset-fashion-mnist python3-torch python3-numpy libopenblas0 jq
blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/{print $2}')
case $blas in *openblas*) ;; *) log "warning: libblas.so.3 is $blas, not OpenBLAS: PyTorch will be far slower than it can be";; esac
# OpenBLAS picks its kernels by CPU model, and an OPENBLAS_CORETYPE in the environment overrides that. Debian's
# 0.3.21 does not know newer CPUs: on an Emerald Rapids Xeon (model 207) it fell back to "Prescott", plain SSE
# (PyTorch at 21k samples/s instead of 68k, batch 128). And a machine's environment may pin a kernel set: a Zen 5
# EPYC (family 26) came with OPENBLAS_CORETYPE=Haswell (AVX2) set for every process, whose products ran at
# 148 GFLOP/s against 220 with the AVX-512 kernels OpenBLAS chose on its own ("Cooperlake"). So the peer gets its
# best: each kernel set in question (OpenBLAS's own choice, the environment's, and Haswell and SkylakeX where
# the CPU has AVX2 and AVX-512) is timed on the step's products (bench/blas_speed.py), and the fastest is used.
# PEER_OPENBLAS_CORETYPE=… skips that and uses the one given.
if [ -n "${PEER_OPENBLAS_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE=$PEER_OPENBLAS_CORETYPE
else
  own=$(env -u OPENBLAS_CORETYPE OPENBLAS_VERBOSE=2 "$PY" -c 'import torch' 2>&1 | sed -n 's/^Core: //p' | head -1)
  candidates="${own:-} ${OPENBLAS_CORETYPE:-}"
  grep -qw avx2 /proc/cpuinfo && candidates="$candidates Haswell"
  grep -qw avx512f /proc/cpuinfo && candidates="$candidates SkylakeX"
  best_speed=0 speeds="" environment=${OPENBLAS_CORETYPE:-none} best_core=${own:-}
  for core in $(printf '%s\n' $candidates | awk 'NF && !seen[$0]++'); do
    speed=$(OPENBLAS_CORETYPE=$core OMP_WAIT_POLICY=passive "$PY" bench/blas_speed.py)
    speeds="$speeds $core $speed,"
    if awk -v a="$speed" -v b="$best_speed" 'BEGIN { exit !(a > b) }'; then best_speed=$speed; best_core=$core; fi
  done
  export OPENBLAS_CORETYPE=$best_core
  log "OpenBLAS kernels: its own choice '${own:-?}', the environment's '$environment'; GFLOP/s on the step's products:${speeds%,}; PyTorch runs with the fastest, OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE"
fi
blas_core=$(OPENBLAS_VERBOSE=2 "$PY" -c 'import torch' 2>&1 | sed -n 's/^Core: //p' | head -1)
ensure_jar
log "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; PyTorch $("$PY" -c 'import torch; print(torch.__version__)' 2>/dev/null) with libblas.so.3 = $blas, OpenBLAS kernels ${blas_core:-?}"
start_service

RESULTS=$WORK/results.jsonl
LAST=$WORK/last.json
: >"$RESULTS"

upload() { # name images labels
  curl -sf -X POST "$URL/datasets?name=$1" -F "images=@$2" -F "labels=@$3" | jq -r .id
}
t0=$(date +%s.%N)
TRAIN=$(upload fashion-train "$DATA/train-images-idx3-ubyte.gz" "$DATA/train-labels-idx1-ubyte.gz")
t1=$(date +%s.%N)
TEST=$(upload fashion-test "$DATA/t10k-images-idx3-ubyte.gz" "$DATA/t10k-labels-idx1-ubyte.gz")
awk -v s="$t0" -v e="$t1" 'BEGIN { printf "uploaded the 60,000 training images (IDX, gzipped) in %.2f s, and the 10,000 test images\n", e - s }'

create_model() { # name [seed]
  local seed=${2:-$SEED}
  curl -sf -X POST "$URL/models" -H 'Content-Type: application/json' -d '{
    "name": "'"$1"'", "inputSize": 784,
    "layers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"},
               {"units": 10, "activation": "softmax"}],
    "loss": "cross_entropy", "seed": '"$seed"'}' | jq -r .id
}

# run_ours label seed optimizer lr batch epochs [measured]: one job on a new model; its JSON line in $LAST.
run_ours() {
  local label=$1 seed=$2 opt=$3 lr=$4 batch=$5 epochs=$6 measured=${7:-yes}
  local model
  model=$(create_model "$label" "$seed")
  local cpu0 gc0 job status body cpu1 gc1 epochs_json acc
  gc0=$(gc_totals)
  measure_begin
  cpu0=$(service_cpu_seconds)
  job=$(curl -sf -X POST "$URL/jobs" -H 'Content-Type: application/json' -d '{
    "modelId": "'"$model"'", "datasetId": "'"$TRAIN"'", "epochs": '"$epochs"', "learningRate": '"$lr"',
    "batchSize": '"$batch"', "optimizer": "'"$opt"'", "seed": '"$seed"'}' | jq -r .id)
  while :; do # light polling: its CPU is counted as ours by measure_end, not as interference
    body=$(curl -sf "$URL/jobs/$job")
    case $body in *'"status":"QUEUED"'*|*'"status":"RUNNING"'*) sleep 0.5 ;; *'"status":"SUCCEEDED"'*) break ;;
      *) log "job $job ended: $body"; tail -20 "$WORK/service.log" >&2; exit 1 ;;
    esac
  done
  cpu1=$(service_cpu_seconds)
  measure_end
  gc1=$(gc_totals)
  epochs_json=$(curl -sf "$URL/jobs/$job/epochs")
  acc=$(curl -sf -X POST "$URL/models/$model/evaluate" -H 'Content-Type: application/json' \
    -d '{"datasetId": "'"$TEST"'"}' | jq .accuracy)
  jq -nc --arg lbl "$label" --arg measured "$measured" --argjson job "$body" --argjson ep "$epochs_json" \
    --argjson acc "$acc" --arg cpu "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{print b - a}')" \
    --arg gc0 "$gc0" --arg gc1 "$gc1" --arg load "$LOAD_NOTE" --argjson rows "$ROWS" \
    --argjson others "$OTHERS_CORES" '
    def secs: sub("\\.[0-9]+Z$"; "Z") as $s | ($s | fromdateiso8601) + ((capture("\\.(?<f>[0-9]+)Z$").f // "0") | ("0." + .) | tonumber);
    ($ep | map(.millis)) as $ms
    | { who: "ours", label: $lbl, measured: ($measured == "yes"), epoch_millis: $ms,
        samples_per_s: ($rows * ($ms | length) / (($ms | add) / 1000)),
        epoch_cost: ($ep | map(.cost)), test_accuracy: $acc,
        job_seconds: (($job.finishedAt | secs) - ($job.startedAt | secs)),
        cpu_seconds: ($cpu | tonumber),
        gc_pauses: (($gc1 | split(" ")[0] | tonumber) - ($gc0 | split(" ")[0] | tonumber)),
        gc_seconds: (($gc1 | split(" ")[1] | tonumber) - ($gc0 | split(" ")[1] | tonumber)),
        allocated_mb: ((($gc1 | split(" ")[2] | tonumber) - ($gc0 | split(" ")[2] | tonumber)) / 1048576 | round),
        load: $load, others_cores: $others }
    | .cores_used = (.cpu_seconds / .job_seconds)' >"$LAST"
  jq -r '"  ours     \(.label): epochs \(.epoch_millis | map(tostring) | join("/")) ms -> \(.samples_per_s | floor) samples/s, test accuracy \(.test_accuracy), \(.cores_used * 100 | round / 100) cores over the job, GC \(.gc_pauses) pauses \(.gc_seconds * 1000 | round) ms, \(.allocated_mb) MB allocated (job incl. loading the data)   [\(.load); others \(.others_cores) cores]"' "$LAST" >&2
}

# run_torch label seed optimizer lr batch epochs
run_torch() {
  local label=$1 seed=$2 opt=$3 lr=$4 batch=$5 epochs=$6
  measure_begin
  OMP_WAIT_POLICY=passive "$PY" "$ROOT/bench/train_pytorch.py" --optimizer "$opt" --lr "$lr" \
    --batch "$batch" --epochs "$epochs" --seed "$seed" --threads 2 >"$WORK/torch.json"
  measure_end
  jq -c --arg lbl "$label" --arg load "$LOAD_NOTE" --argjson others "$OTHERS_CORES" \
    '{who: "pytorch", label: $lbl, measured: true, epoch_millis: (.epoch_seconds | map(. * 1000 | round)),
      samples_per_s, epoch_cost, test_accuracy, cores_used, load: $load, others_cores: $others}' "$WORK/torch.json" >"$LAST"
  jq -r '"  pytorch  \(.label): epochs \(.epoch_millis | map(tostring) | join("/")) ms -> \(.samples_per_s | floor) samples/s, test accuracy \(.test_accuracy * 10000 | round / 10000), \(.cores_used * 100 | round / 100) cores   [\(.load); others \(.others_cores) cores]"' "$LAST" >&2
}

# measure ours|torch ARGS…: waits for a quiet machine and runs; reruns (up to TRIES times in all) a
# run during which other processes took more than OTHERS_MAX cores; appends the kept run to $RESULTS.
TRIES=${TRIES:-3}
measure() {
  local who=$1 try; shift
  for try in $(seq "$TRIES"); do
    wait_quiet
    "run_$who" "$@"
    if [ "$INTERFERED" = 0 ]; then break; fi
    if [ "$try" -lt "$TRIES" ]; then
      log "  (discarded: other processes used $OTHERS_CORES cores during that run; rerunning)"
    else
      NOISY_RUNS=$((NOISY_RUNS + 1)); jq -c '.load = "NOISY: " + .load' "$LAST" >"$LAST.tmp"; mv "$LAST.tmp" "$LAST"
      log "  (kept although other processes used $OTHERS_CORES cores: NOISY)"
    fi
  done
  cat "$LAST" >>"$RESULTS"
}

CONFIGS=("SGD lr 0.1 b128|sgd|0.1|128" "SGD lr 0.1 b32|sgd|0.1|32" "Adam lr 0.001 b128|adam|0.001|128")
for config in "${CONFIGS[@]}"; do
  IFS='|' read -r label opt lr batch <<<"$config"
  if [ "$WARMUP_EPOCHS" -gt 0 ]; then
    log "$label: warm-up (not measured), one job of $WARMUP_EPOCHS epoch(s)"
    LOAD_NOTE="warm-up"
    run_ours "$label" "$SEED" "$opt" "$lr" "$batch" "$WARMUP_EPOCHS" no
  fi
  log "$label, $EPOCHS epochs:"
  for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="ours torch"; else order="torch ours"; fi
    for who in $order; do
      if [ "$who" = ours ]; then measure ours "$label" "$round" "$opt" "$lr" "$batch" "$EPOCHS"
      else measure torch "$label" "$round" "$opt" "$lr" "$batch" "$EPOCHS"; fi
    done
  done
  if [ "$ACCURACY_SEEDS" -gt "$ROUNDS" ]; then
    log "$label: seeds $((ROUNDS + 1))..$ACCURACY_SEEDS for accuracy only (not timed)"
    for seed in $(seq $((ROUNDS + 1)) "$ACCURACY_SEEDS"); do
      LOAD_NOTE="accuracy only"
      run_ours "$label" "$seed" "$opt" "$lr" "$batch" "$EPOCHS" accuracy; jq -c '.measured = false' "$LAST" >>"$RESULTS"
      run_torch "$label" "$seed" "$opt" "$lr" "$batch" "$EPOCHS"; jq -c '.measured = false' "$LAST" >>"$RESULTS"
    done
  fi
done

"$PY" - "$RESULTS" "$NOISY_RUNS" <<'EOF'
import json, math, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
noisy = int(sys.argv[2])
targets = {"SGD lr 0.1 b128": 1.5, "SGD lr 0.1 b32": 2.5, "Adam lr 0.001 b128": 2.0}
seeds = max(len([r for r in rows if r["who"] == "pytorch" and r["label"] == label]) for label in targets)
print()
print("samples/s = 60,000 x epochs / sum of epoch times, median of the timed rounds; test accuracy on the 10,000")
print(f"test images, mean over {seeds} seeds (the timed rounds' and the untimed ones), \u00b1 the standard error of the difference")
hdr = f"{'configuration':<20} {'ours samples/s':>15} {'PyTorch samples/s':>18} {'ratio':>7} {'target':>7} {'ours acc':>9} {'PyTorch acc':>12} {'diff pp':>13}  result"
print(hdr); print("-" * len(hdr))
all_met = True
for label, target in targets.items():
    timed = lambda who: [r for r in rows if r["who"] == who and r["label"] == label and r["measured"]]
    every = lambda who: [r["test_accuracy"] for r in rows if r["who"] == who and r["label"] == label]
    o = statistics.median(r["samples_per_s"] for r in timed("ours"))
    t = statistics.median(r["samples_per_s"] for r in timed("pytorch"))
    oa, ta = every("ours"), every("pytorch")
    diff = (statistics.mean(oa) - statistics.mean(ta)) * 100
    se = 100 * math.sqrt(statistics.variance(oa) / len(oa) + statistics.variance(ta) / len(ta)) if min(len(oa), len(ta)) > 1 else float("nan")
    ratio = o / t
    speed_ok, acc_ok = ratio >= target, abs(diff) <= 0.5
    all_met &= speed_ok and acc_ok
    verdict = ("speed met" if speed_ok else f"speed MISSED by {(1 - ratio / target) * 100:.0f}% ({ratio:.2f}x of {target}x)") + \
        ", " + ("accuracy met" if acc_ok else f"accuracy MISSED ({diff:+.2f} pp, limit 0.5)")
    print(f"{label:<20} {o:>15,.0f} {t:>18,.0f} {ratio:>6.2f}x {target:>6.1f}x {statistics.mean(oa):>9.4f} {statistics.mean(ta):>12.4f} {diff:>+6.2f} \u00b1{se:4.2f}  {verdict}")
print()
# On a host where other tenants slow whole stretches of runs (seen: the same PyTorch run from 45k to 97k
# samples/s), interference only ever slows a run, so the fastest runs are a second view of the ratio.
for label, target in targets.items():
    best = {who: max(r["samples_per_s"] for r in rows if r["who"] == who and r["label"] == label and r["measured"])
            for who in ("ours", "pytorch")}
    print(f"  {label:<20} fastest runs: ours {best['ours']:,.0f}, PyTorch {best['pytorch']:,.0f}: "
          f"{best['ours'] / best['pytorch']:.2f}x (target {target}x)")
print()
for label in targets:
    for who in ("ours", "pytorch"):
        rs = [r for r in rows if r["who"] == who and r["label"] == label and r["measured"]]
        print(f"  {label:<20} {who:<8} per-run samples/s: " + ", ".join(f"{r['samples_per_s']:,.0f}" for r in rs)
              + "; cores used: " + ", ".join(f"{r['cores_used']:.2f}" for r in rs))
        print(f"  {'':<20} {'':<8} test accuracy by seed: " + ", ".join(
            f"{r['test_accuracy']:.4f}" for r in rows if r["who"] == who and r["label"] == label))
print()
print("all targets met" if all_met else "some targets missed")
if noisy:
    print(f"warning: {noisy} run(s) were measured on a busy machine (marked NOISY above)")
EOF
