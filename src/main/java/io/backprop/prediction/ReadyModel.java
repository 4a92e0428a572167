package io.backprop.prediction;

import java.util.ArrayList;
import java.util.List;

import io.backprop.engine.ActivationKind;
import io.backprop.engine.LayerSpec;
import io.backprop.engine.Network;

/**
 * A network ready to answer: built once per (model, version) and shared by every request thread.
 *
 * @param classNames the training dataset's class names (one per output unit), or null
 */
record ReadyModel(String modelId, int version, Network network, List<String> classNames) {

    ReadyModel {
        if (classNames != null && classNames.size() != network.spec().outputSize()) {
            classNames = null; // names are only meaningful one per output unit
        }
    }

    int inputSize() {
        return network.spec().inputSize();
    }

    int outputSize() {
        return network.spec().outputSize();
    }

    /**
     * The label of one output row: the argmax for softmax; 0/1 at the 0.5 threshold for a single
     * sigmoid unit; the indices at or above 0.5 for several sigmoid units; null for regression.
     * Indices become class names when the training data named its classes.
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
            return name(best);
        }
        if (last.activation() == ActivationKind.SIGMOID) {
            if (n == 1) {
                return outputs[offset] >= 0.5f ? 1 : 0;
            }
            List<Object> on = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (outputs[offset + k] >= 0.5f) {
                    on.add(name(k));
                }
            }
            return on;
        }
        return null;
    }

    private Object name(int index) {
        return classNames == null ? index : classNames.get(index);
    }
}
