package io.backprop.engine;

/**
 * The gradient of (l2/2)·‖W‖² over every layer's weights, added to a batch's gradients before the update:
 * ∂/∂W = l2·W. Biases are not regularised (api.md "Definitions"), unlike PyTorch's {@code weight_decay},
 * which would decay them too. The reported cost leaves the term out.
 */
final class L2Penalty {

    private L2Penalty() {
    }

    /** grads[W] += l2·W for every layer's weight block, biases untouched; nothing to do when l2 is 0. */
    static void addGradient(float[] grads, Network network, float l2) {
        if (l2 == 0) {
            return;
        }
        for (int l = 0; l < network.layerCount(); l++) {
            addGradient(grads, network.parameters(), network.weightOffset(l), network.biasOffset(l), l2);
        }
    }

    /** grads[i] += l2·params[i] over [from, to), a range of weights. */
    static void addGradient(float[] grads, float[] params, int from, int to, float l2) {
        if (l2 == 0) {
            return;
        }
        for (int i = from; i < to; i++) {
            grads[i] += l2 * params[i];
        }
    }
}
