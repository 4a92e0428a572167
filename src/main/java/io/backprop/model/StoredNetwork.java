package io.backprop.model;

import java.util.List;

import io.backprop.engine.NetworkSpec;
import io.backprop.engine.OptimizerState;

/**
 * What another feature needs to build a network: the validated spec, the model's seed, and either a
 * parameter version ({@code version > 0}, with {@code parameters}) or none ({@code version == 0}).
 *
 * @param classNames the class names of the dataset the version was trained on, or null
 * @param optimizerState the optimizer state stored with the version, or null
 */
public record StoredNetwork(String modelId, NetworkSpec spec, long seed, int version, float[] parameters,
                            List<String> classNames, OptimizerState optimizerState) {
}
