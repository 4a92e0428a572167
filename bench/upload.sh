#!/usr/bin/env bash
# Ingestion speed (issue 4's targets): the Fashion-MNIST training set, 60,000 × 784, uploaded over HTTP
# as gzipped IDX (multipart, target ≤ 2 s) and as CSV (text/csv, a header row, the label column then
# 784 pixel columns scaled to [0,1] as the IDX upload stores them, target ≤ 6 s).
#
# Starts the packaged service (-Xmx1g, throw-away H2) and waits for its engine warm-up; writes the CSV
# once from the IDX files (numpy, pixels written with at most 4 decimals, as a client would); then
# ROUNDS (3) rounds of one IDX and one CSV upload, each timed by curl from the first byte sent to the
# 201 response (the data parsed, stored in the database and committed). Each upload waits for an idle
# machine first. Prints each upload and the median per format against its target, and checks that both
# forms stored the same number of rows and columns.
#
# Env: ROUNDS (3), PORT, HEAP (1g), QUIET_MAX / QUIET_WAIT (see lib.sh), KEEP=1 (keep the temp dir).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ROUNDS=${ROUNDS:-3}

ensure_packages dataset-fashion-mnist python3-numpy jq curl
ensure_jar
log "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs"
start_service

CSV=$WORK/fashion-train.csv
"$PY" - "$DATA/train-images-idx3-ubyte.gz" "$DATA/train-labels-idx1-ubyte.gz" "$CSV" <<'EOF'
import gzip, sys
import numpy as np
images, labels, out = sys.argv[1:]
pixels = np.frombuffer(gzip.open(images).read(), dtype=np.uint8, offset=16).reshape(-1, 784)
label = np.frombuffer(gzip.open(labels).read(), dtype=np.uint8, offset=8)
# a pixel p/255 with up to 4 decimals, trailing zeros dropped ("0", "1", "0.0039")
text = np.array(["0" if p == 0 else "1" if p == 255 else f"{p / 255:.4f}".rstrip("0") for p in range(256)])
with open(out, "w") as f:
    f.write("label," + ",".join(f"p{i}" for i in range(784)) + "\n")
    for row, y in zip(pixels, label):
        f.write(f"{y}," + ",".join(text[row]) + "\n")
EOF
log "CSV of $(($(wc -l <"$CSV") - 1)) rows, $(($(stat -c %s "$CSV") / 1000000)) MB; IDX images $(($(stat -c %s "$DATA/train-images-idx3-ubyte.gz") / 1000000)) MB gzipped"

RESULTS=$WORK/uploads.txt
: >"$RESULTS"
# upload format name: times one upload, appends "format seconds rows features" to $RESULTS
upload() {
  local format=$1 name=$2 out seconds
  wait_quiet
  if [ "$format" = idx ]; then
    out=$(curl -sf -o "$WORK/response.json" -w '%{time_total}' -X POST "$URL/datasets?name=$name" \
      -F "images=@$DATA/train-images-idx3-ubyte.gz" -F "labels=@$DATA/train-labels-idx1-ubyte.gz")
  else
    out=$(curl -sf -o "$WORK/response.json" -w '%{time_total}' -X POST "$URL/datasets?name=$name&target=label" \
      -H 'Content-Type: text/csv' --data-binary "@$CSV")
  fi
  seconds=$out
  echo "$format $seconds $(jq -r '"\(.rows) \(.featureCount)"' "$WORK/response.json")" >>"$RESULTS"
  log "  $format: $seconds s, $(jq -c '{rows, featureCount, targetCount}' "$WORK/response.json")"
}

for round in $(seq "$ROUNDS"); do
  log "round $round"
  upload idx "idx-$round"
  upload csv "csv-$round"
done

echo
awk '
  { t[$1] = t[$1] " " $2; shape[$1] = $3 " x " $4 }
  END {
    target["idx"] = 2; target["csv"] = 6
    for (f in t) {
      n = split(substr(t[f], 2), v, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "%-4s upload of 60,000 x 784 (%s stored): median %.2f s over %d rounds (%s s)  target <= %d s: %s\n",
        toupper(f), shape[f], med, n, substr(t[f], 2), target[f], (med <= target[f] ? "met" : sprintf("MISSED by %.2f s", med - target[f]))
    }
  }' "$RESULTS" | sort
if [ "$(awk '{ print $3, $4 }' "$RESULTS" | sort -u | wc -l)" -ne 1 ]; then
  log "warning: the uploads did not all store the same shape"; exit 1
fi
