package io.backprop.model;

/**
 * Whether something still needs a model, asked before it is deleted. Implemented by the training
 * feature (queued and running jobs), so that this feature need not know about jobs.
 */
public interface ModelUsage {

    /** A reason the model cannot be deleted now, or null when it can. */
    String blockingUseOfModel(String modelId);
}
