#!/usr/bin/env bash
# Fashion-MNIST over HTTP: upload the real IDX files, train 784-256-128-10 (relu, softmax) with
# SGD momentum 0.9, lr 0.05, batch 128 for 20 epochs, and print the test accuracy from /evaluate.
# Uses the service at $BACKPROP_URL if one answers there; otherwise builds and starts the packaged
# jar on a throw-away H2 database and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

URL=${BACKPROP_URL:-http://localhost:8080}
EPOCHS=${EPOCHS:-20}
DATA=/usr/share/datasets/fashion-mnist

if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "installing Debian's dataset-fashion-mnist…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }

started=""
if ! curl -sf "$URL/actuator/health" >/dev/null; then
  java=$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1 || true)
  java=${JAVA25:-${java:-java}}
  jar=$(ls target/backprop-*.jar 2>/dev/null | grep -v plain | head -1 || true)
  if [ -z "$jar" ]; then
    ./mvnw -q -B -DskipTests package
    jar=$(ls target/backprop-*.jar | grep -v plain | head -1)
  fi
  workdir=$(mktemp -d)
  URL=http://localhost:${PORT:-8089}
  echo "starting $jar on $URL (data in $workdir)…"
  "$java" --add-modules jdk.incubator.vector -Xmx2g -jar "$jar" --server.port="${PORT:-8089}" \
    --spring.datasource.url="jdbc:h2:file:$workdir/backprop" >"$workdir/service.log" 2>&1 &
  started=$!
  trap 'kill $started 2>/dev/null; wait $started 2>/dev/null || true' EXIT
  for _ in $(seq 120); do curl -sf "$URL/actuator/health" >/dev/null && break; sleep 0.5; done
fi

upload() { # name images labels
  curl -sf -X POST "$URL/datasets?name=$1" -F "images=@$2" -F "labels=@$3" | jq -r .id
}
t0=$(date +%s.%N)
TRAIN=$(upload fashion-train "$DATA/train-images-idx3-ubyte.gz" "$DATA/train-labels-idx1-ubyte.gz")
t1=$(date +%s.%N)
TEST=$(upload fashion-test "$DATA/t10k-images-idx3-ubyte.gz" "$DATA/t10k-labels-idx1-ubyte.gz")
awk -v s="$t0" -v e="$t1" 'BEGIN { printf "uploaded 60000 training images in %.1f s, and 10000 test images\n", e - s }'

MODEL=$(curl -sf -X POST "$URL/models" -H 'Content-Type: application/json' -d '{
  "name": "fashion-mnist", "inputSize": 784,
  "layers": [{"units": 256, "activation": "relu"}, {"units": 128, "activation": "relu"},
             {"units": 10, "activation": "softmax"}],
  "loss": "cross_entropy", "seed": 1}' | jq -r .id)
JOB=$(curl -sf -X POST "$URL/jobs" -H 'Content-Type: application/json' -d '{
  "modelId": "'"$MODEL"'", "datasetId": "'"$TRAIN"'", "epochs": '"$EPOCHS"', "learningRate": 0.05,
  "batchSize": 128, "optimizer": "sgd", "momentum": 0.9, "seed": 1}' | jq -r .id)
echo "training job $JOB"

shown=0
while :; do
  job=$(curl -sf "$URL/jobs/$JOB")
  status=$(jq -r .status <<<"$job")
  curl -sf "$URL/jobs/$JOB/epochs" | jq -r --argjson from "$shown" \
    '.[] | select(.epoch > $from) | "epoch \(.epoch): cost \(.cost*10000|round/10000) accuracy \(.accuracy*10000|round/10000) (\(.millis) ms)"'
  shown=$(jq -r .epochsCompleted <<<"$job")
  case $status in QUEUED|RUNNING) sleep 2 ;; SUCCEEDED) break ;; *) echo "job ended $status: $(jq -r .error <<<"$job")"; exit 1 ;; esac
done

curl -sf -X POST "$URL/models/$MODEL/evaluate" -H 'Content-Type: application/json' -d '{"datasetId": "'"$TEST"'"}' |
  jq -r '"test set: \(.rows) images, cost \(.cost*10000|round/10000), accuracy \(.accuracy)"'
