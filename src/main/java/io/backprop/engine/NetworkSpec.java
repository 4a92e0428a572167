package io.backprop.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shape of a fully connected network: {@code inputSize} inputs, then {@code layers} in order, the last
 * one being the output layer, trained against {@code loss}.
 *
 * <p>A spec may be built in any state so that {@link #violations()} can report every problem at once;
 * {@link Network} and {@link Trainer} only accept valid ones.
 *
 * @param initializer how weights start; {@code null} picks per layer: he for relu and leaky_relu, xavier otherwise
 */
public record NetworkSpec(int inputSize, List<LayerSpec> layers, LossKind loss, InitializerKind initializer) {

    public NetworkSpec {
        // not List.copyOf: a null layer must become a violation, not a NullPointerException here
        layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    }

    /** Every rule this spec breaks, in field order; empty when the network can be built and trained. */
    public List<SpecViolation> violations() {
        var found = new ArrayList<SpecViolation>();
        if (inputSize <= 0) {
            found.add(new SpecViolation("inputSize", "must be greater than 0, got " + inputSize));
        }
        if (layers.isEmpty()) {
            found.add(new SpecViolation("layers", "at least one layer is required (the last one is the output layer)"));
        }
        for (int i = 0; i < layers.size(); i++) {
            checkLayer(i, found);
        }
        checkLoss(found);
        checkInitializer(found);
        return List.copyOf(found);
    }

    /** @throws InvalidSpecException naming every violation, if there is any */
    public void requireValid() {
        var found = violations();
        if (!found.isEmpty()) {
            throw new InvalidSpecException(found);
        }
    }

    /** The output layer's units; a spec without layers has none and throws. */
    public int outputSize() {
        return layers.getLast().units();
    }

    /** Weights and biases of all layers: Σ in·out + out. A long, so that an oversized request can be refused. */
    public long parameterCount() {
        long count = 0;
        int in = inputSize;
        for (var layer : layers) {
            count += (long) in * layer.units() + layer.units();
            in = layer.units();
        }
        return count;
    }

    /** Softmax or sigmoid outputs are read as class probabilities, so accuracy and labels make sense. */
    public boolean isClassifier() {
        var output = outputActivation();
        return output == ActivationKind.SOFTMAX || output == ActivationKind.SIGMOID;
    }

    /** The number of inputs of layer {@code layer}: the input size or the previous layer's units. */
    int inputsOf(int layer) {
        return layer == 0 ? inputSize : layers.get(layer - 1).units();
    }

    private ActivationKind outputActivation() {
        return layers.isEmpty() || layers.getLast() == null ? null : layers.getLast().activation();
    }

    private void checkLayer(int i, List<SpecViolation> found) {
        String prefix = "layers[" + i + "]";
        var layer = layers.get(i);
        if (layer == null) {
            found.add(new SpecViolation(prefix, "is required: give its units and activation"));
            return;
        }
        if (layer.units() <= 0) {
            found.add(new SpecViolation(prefix + ".units", "must be greater than 0, got " + layer.units()));
        }
        if (layer.activation() == null) {
            found.add(new SpecViolation(prefix + ".activation",
                    "is required; expected one of " + ActivationKind.expectedNames()));
        } else if (layer.activation() == ActivationKind.SOFTMAX && i < layers.size() - 1) {
            found.add(new SpecViolation(prefix + ".activation",
                    "softmax is allowed on the output layer only; use relu, leaky_relu, tanh, sigmoid or linear here"));
        } else if (layer.activation() == ActivationKind.LEAKY_RELU
                && !(Float.isFinite(layer.alpha()) && layer.alpha() >= 0)) {
            found.add(new SpecViolation(prefix + ".alpha",
                    "leaky_relu alpha must be a finite number >= 0 (usually 0.01), got " + layer.alpha()));
        }
    }

    private void checkLoss(List<SpecViolation> found) {
        if (loss == null) {
            found.add(new SpecViolation("loss", "is required; expected one of " + LossKind.expectedNames()));
            return;
        }
        var output = outputActivation();
        if (output == null) {
            return; // already reported on the layers
        }
        boolean distributionLoss = loss == LossKind.CROSS_ENTROPY || loss == LossKind.KL_DIVERGENCE;
        if (output == ActivationKind.SOFTMAX && !distributionLoss) {
            found.add(new SpecViolation("loss", loss.apiName()
                    + " does not fit a softmax output layer: softmax output needs cross_entropy or kl_divergence"));
        } else if (loss == LossKind.BINARY_CROSS_ENTROPY && output != ActivationKind.SIGMOID) {
            found.add(new SpecViolation("loss", "binary_cross_entropy needs a sigmoid output layer (probabilities"
                    + " in (0, 1)), but the output layer is " + output.apiName()));
        } else if (distributionLoss && output != ActivationKind.SOFTMAX) {
            found.add(new SpecViolation("loss", loss.apiName() + " compares probability distributions, so it needs"
                    + " a softmax output layer, but the output layer is " + output.apiName()
                    + "; for independent 0/1 targets use sigmoid with binary_cross_entropy"));
        }
    }

    private void checkInitializer(List<SpecViolation> found) {
        if (initializer == InitializerKind.ZEROS && layers.size() > 1) {
            found.add(new SpecViolation("initializer", "zeros cannot start a network with hidden layers (symmetry:"
                    + " hidden units would never differ); use xavier, he, lecun or small_random"));
        }
    }
}
