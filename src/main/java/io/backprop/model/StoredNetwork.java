package io.backprop.model;

import io.backprop.engine.NetworkSpec;

/**
 * What another feature needs to build a network: the validated spec, the model's seed, and either a
 * parameter version ({@code version > 0}, with {@code parameters}) or none ({@code version == 0}).
 */
public record StoredNetwork(String modelId, NetworkSpec spec, long seed, int version, float[] parameters) {
}
