package io.backprop.engine;

import java.util.Optional;

/** Weight initializers by their HTTP API names; the distributions are in {@link ParameterInitializer}. */
public enum InitializerKind {
    XAVIER, HE, LECUN, SMALL_RANDOM, ZEROS;

    public String apiName() {
        return ApiNames.of(this);
    }

    /** Exact lower-case API name. */
    public static Optional<InitializerKind> fromName(String name) {
        return ApiNames.find(InitializerKind.class, name);
    }

    /** "xavier, he, lecun, small_random, zeros", for error messages. */
    public static String expectedNames() {
        return ApiNames.expected(InitializerKind.class);
    }
}
