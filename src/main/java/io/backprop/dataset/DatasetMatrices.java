package io.backprop.dataset;

import java.util.List;

/**
 * A whole dataset in memory, as the engine takes it.
 *
 * @param features rows × featureCount, row-major
 * @param targets rows × targetCount, row-major (one-hot for class labels)
 * @param classes the class names, or null
 * @param contentHash SHA-256 of the numbers, see {@link DatasetResponse}
 */
public record DatasetMatrices(String id, int rows, int featureCount, int targetCount, float[] features, float[] targets,
                              List<String> classes, String contentHash) {
}
