package io.backprop.dataset;

/** Whether something still needs a dataset, asked before it is deleted (implemented by the training feature). */
public interface DatasetUsage {

    /** A reason the dataset cannot be deleted now, or null when it can. */
    String blockingUseOfDataset(String datasetId);
}
