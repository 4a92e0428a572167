package io.backprop.engine;

/**
 * One dense layer: {@code units} outputs, each {@code activation(x·w + b)}.
 *
 * @param alpha the negative slope of {@code LEAKY_RELU}; ignored by every other activation
 */
public record LayerSpec(int units, ActivationKind activation, float alpha) {

    /** The API's default negative slope of leaky_relu. */
    public static final float DEFAULT_ALPHA = 0.01f;

    public static LayerSpec of(int units, ActivationKind activation) {
        return new LayerSpec(units, activation, DEFAULT_ALPHA);
    }
}
