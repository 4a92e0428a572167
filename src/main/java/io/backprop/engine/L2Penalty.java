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
        float[] params = network.parameters();
        for (int l = 0; l < network.layerCount(); l++) {
            for (int i = network.weightOffset(l), end = network.biasOffset(l); i < end; i++) {
                grads[i] += l2 * params[i];
            }
        }
    }
}
