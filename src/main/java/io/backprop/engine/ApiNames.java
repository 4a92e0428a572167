package io.backprop.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The HTTP API spells enum constants in lower case ("leaky_relu"); one place so the three kinds agree. */
final class ApiNames {

    private ApiNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** Exact lower-case names only: "ReLU" is refused, so every accepted spelling is the one we echo back. */
    static <E extends Enum<E>> Optional<E> find(Class<E> type, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(type.getEnumConstants()).filter(e -> of(e).equals(name)).findFirst();
    }

    static <E extends Enum<E>> String expected(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ApiNames::of).collect(Collectors.joining(", "));
    }
}
