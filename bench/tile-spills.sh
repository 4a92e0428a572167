#!/usr/bin/env bash
# Whether C2 keeps the kernel's micro-tiles' accumulators in registers on this host: trains one run of Fashion-MNIST
# in process (bench/StepPhases.java) with HotSpot printing the compiled code of FastMatrixKernel's tiles, and lists
# each tile's innermost FMA loops with their vector moves to or from the stack (bench/tile_spills.py). With AVX2's 16
# registers a tile of 12 accumulators has no room to spare: a six-row tile over listed steps compiled with one
# accumulator on the stack and ran at 1.7-1.8 times a dense step (session 22, docs/benchmarks.md).
#
#   bench/tile-spills.sh            # SGD, batch 128
#   bench/tile-spills.sh adam 32    # optimizer, batch size
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_packages libhsdis0-fcml binutils
hsdis=$(mktemp -d)
assembly=$(mktemp)
trap 'rm -rf "$hsdis" "$assembly"' EXIT
cp /usr/lib/x86_64-linux-gnu/libhsdis.so.0 "$hsdis/hsdis-amd64.so" # the name HotSpot loads, found on LD_LIBRARY_PATH
LD_LIBRARY_PATH="$hsdis" run_engine_program StepPhases -XX:+UnlockDiagnosticVMOptions \
  '-XX:CompileCommand=print,io.backprop.engine.FastMatrixKernel::tile*' -- "${1:-sgd}" "${2:-128}" 1 >"$assembly"
grep -a 'epochs' "$assembly" || true
python3 "$(dirname "$0")/tile_spills.py" "$assembly"
