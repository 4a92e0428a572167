#!/usr/bin/env bash
# A/B of two variants of the training step in one JVM (bench/StepAB.java): segments of 25 steps in the order
# A B B A, the ratio of their median step times; resolves about 1 %, where whole epochs on a drifting host
# resolve 10 % at best. The variants are a static field of an engine class that a throw-away patch adds:
#
#   bench/step-ab.sh sgd 32 200                                        # a null test: one step as A and B
#   bench/step-ab.sh sgd 128 200 TrainingStep.SOME_BOOLEAN             # B with the boolean true, A false
#   bench/step-ab.sh adam 128 160 TrainingStep.MIN_CHUNK_ROWS 16       # B built with the int field at 16
#
# (an int field must not be final for this; a patch makes it so for the run.) Compiles the engine first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
run_engine_program StepAB -- "$@"
