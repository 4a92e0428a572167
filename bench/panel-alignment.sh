#!/usr/bin/env bash
# Whether the kernel's speed depends on where its packed panels lie in memory on this host (bench/PanelAlignment.java):
# the six-row tiles timed on 64 panels at the heap's addresses, one thread. A fastest eighth well above the median
# says that panels aligned to 64 bytes would pay here (session 23, docs/benchmarks.md, lead 1).
#
#   bench/panel-alignment.sh          # 64 panels, 7 rounds
#   bench/panel-alignment.sh 128 9    # panels, rounds
set -euo pipefail
source "$(dirname "$0")/lib.sh"
run_engine_program PanelAlignment -XX:ActiveProcessorCount=1 -- "$@"
