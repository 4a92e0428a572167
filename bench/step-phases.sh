#!/usr/bin/env bash
# Where a training step's time goes, phase by phase and thread by thread (the engine's StepProfile), for
# Fashion-MNIST 784-256-128-10 trained in process as a job trains it (bench/StepPhases.java).
#
#   bench/step-phases.sh               # SGD, batch 128, 2 runs of 3 epochs
#   bench/step-phases.sh adam 128 3    # optimizer, batch size, runs
#
# The table: per phase, µs per step of wall time (posting, both threads' tasks, waiting for the slower), of the
# tasks each thread ran (the step's caller and the helper), and of the slower thread; wall − max is the
# hand-over, max − the two threads' mean the imbalance; "start c" and "start h" are how long after the phase was
# posted each thread began its first task (the caller: posting; the helper: its wake-up).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
run_engine_program StepPhases -Dbackprop.profileStep=true -- "$@"
