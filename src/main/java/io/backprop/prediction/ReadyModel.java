package io.backprop.prediction;

import io.backprop.engine.ActivationKind;
import io.backprop.engine.LayerSpec;
import io.backprop.engine.Network;

/** A network ready to answer: built once per (model, version) and shared by every request thread. */
record ReadyModel(String modelId, int version, Network network) {

    int inputSize() {
        return network.spec().inputSize();
    }

    int outputSize() {
        return network.spec().outputSize();
    }

    /**
     * The label of one output row: the argmax for softmax; 0/1 at the 0.5 threshold for a single
     * sigmoid unit; the indices at or above 0.5 for several sigmoid units; null for regression.
     */
    Object label(float[] outputs, int offset) {
        LayerSpec last = network.spec().layers().getLast();
        int n = last.units();
        if (last.activation() == ActivationKind.SOFTMAX) {
            int best = 0;
            for (int k = 1; k < n; k++) {
                if (outputs[offset + k] > outputs[offset + best]) {
                    best = k;
                }
            }
            return best;
        }
        if (last.activation() == ActivationKind.SIGMOID) {
            if (n == 1) {
                return outputs[offset] >= 0.5f ? 1 : 0;
            }
            java.util.List<Integer> on = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (outputs[offset + k] >= 0.5f) {
                    on.add(k);
                }
            }
            return on;
        }
        return null;
    }
}
