package io.backprop.model;

/** What the model feature announces, so that caches elsewhere can follow without a database read. */
public final class ModelEvents {

    private ModelEvents() {
    }

    /** A new parameter version was committed. */
    public record VersionStored(String modelId, int version) {
    }

    /** The model and all its versions are gone. */
    public record Deleted(String modelId) {
    }
}
