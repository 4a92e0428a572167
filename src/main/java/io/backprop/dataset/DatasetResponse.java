package io.backprop.dataset;

import java.time.Instant;
import java.util.List;

/**
 * A stored dataset as GET /datasets/{id} shows it; {@code classes} only for named classes (CSV text
 * labels); {@code contentHash} identifies its numbers (SHA-256), whatever form they were uploaded in.
 */
public record DatasetResponse(String id, String name, int rows, int featureCount, int targetCount, List<String> classes,
                              String contentHash, Instant createdAt) {

    static DatasetResponse of(Dataset dataset) {
        List<String> classes = dataset.getClasses().isEmpty() ? null : List.copyOf(dataset.getClasses());
        return new DatasetResponse(dataset.getId(), dataset.getName(), dataset.getRowCount(), dataset.getFeatureCount(),
                dataset.getTargetCount(), classes, dataset.getContentHash(), dataset.getCreatedAt());
    }
}
