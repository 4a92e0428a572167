package io.backprop.engine;

/**
 * One reason a {@link NetworkSpec} is refused.
 *
 * @param field   the request field at fault, as the API spells it: "inputSize", "layers[1].activation", "loss"
 * @param message what is wrong and what is expected, for a person
 */
public record SpecViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
