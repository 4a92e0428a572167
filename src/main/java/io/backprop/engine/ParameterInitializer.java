package io.backprop.engine;

import java.util.SplittableRandom;

/**
 * Draws the starting weights of every layer, in parameter order, from one generator seeded once, so that
 * the same spec and seed give the same bits on every run. Biases start at zero.
 * <ul>
 *   <li>xavier (Glorot uniform): U(−a, a), a = √(6 / (in + out))</li>
 *   <li>he: N(0, 2 / in), for relu-family layers</li>
 *   <li>lecun: N(0, 1 / in)</li>
 *   <li>small_random: N(0, 1) · 0.01, as in the classic tutorials</li>
 *   <li>zeros: 0, for networks without hidden layers only (see {@link NetworkSpec#violations()})</li>
 * </ul>
 * Without an initializer in the spec, relu and leaky_relu layers use he and the others xavier.
 */
final class ParameterInitializer {

    private ParameterInitializer() {
    }

    static void fill(float[] params, NetworkSpec spec, int[] weightOffsets, long seed) {
        var random = new SplittableRandom(seed);
        for (int l = 0; l < spec.layers().size(); l++) {
            var layer = spec.layers().get(l);
            int in = spec.inputsOf(l);
            int out = layer.units();
            var kind = spec.initializer() != null ? spec.initializer() : defaultFor(layer.activation());
            for (int i = weightOffsets[l], end = i + in * out; i < end; i++) {
                params[i] = draw(kind, random, in, out);
            }
        }
    }

    static InitializerKind defaultFor(ActivationKind activation) {
        return activation == ActivationKind.RELU || activation == ActivationKind.LEAKY_RELU
                ? InitializerKind.HE
                : InitializerKind.XAVIER;
    }

    private static float draw(InitializerKind kind, SplittableRandom random, int in, int out) {
        return switch (kind) {
            case XAVIER -> {
                double limit = Math.sqrt(6.0 / (in + out));
                yield (float) random.nextDouble(-limit, limit);
            }
            case HE -> (float) (random.nextGaussian() * Math.sqrt(2.0 / in));
            case LECUN -> (float) (random.nextGaussian() * Math.sqrt(1.0 / in));
            case SMALL_RANDOM -> (float) (random.nextGaussian() * 0.01);
            case ZEROS -> 0f;
        };
    }
}
