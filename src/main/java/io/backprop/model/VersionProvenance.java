package io.backprop.model;

import java.util.List;

import io.backprop.engine.OptimizerState;

/**
 * Where a parameter version came from: enough to reproduce it (job options, dataset content hash)
 * and to continue it (the optimizer's state). Every field is null for an imported version.
 *
 * @param options the job's request with its defaults filled in, as JSON
 * @param bestEpoch the epoch whose parameters these are, when early stopping or a cancel restored them
 * @param classNames the training dataset's class names, so predictions can answer with them
 */
public record VersionProvenance(String jobId, String datasetId, String datasetHash, String options, Integer bestEpoch,
                                List<String> classNames, OptimizerState optimizerState) {

    static final VersionProvenance IMPORTED = new VersionProvenance(null, null, null, null, null, null, null);
}
