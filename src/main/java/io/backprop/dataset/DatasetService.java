package io.backprop.dataset;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;
import io.backprop.web.LimitsProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingests datasets as streams into float32 chunks, and loads them whole for training. An upload
 * is one transaction: a body that fails halfway leaves nothing behind.
 */
@Service
public class DatasetService {

    private final DatasetRepository datasets;
    private final ChunkRepository chunks;
    private final List<DatasetUsage> usages;
    private final JsonMapper json;
    private final LimitsProperties limits;
    private final Clock clock;
    /** A training set and a test set: what a job and the evaluation after it read. */
    private final LoadedDatasets loaded = new LoadedDatasets(2);

    DatasetService(DatasetRepository datasets, ChunkRepository chunks, List<DatasetUsage> usages, JsonMapper json,
            LimitsProperties limits, Clock clock) {
        this.datasets = datasets;
        this.chunks = chunks;
        this.usages = usages;
        this.json = json;
        this.limits = limits;
        this.clock = clock;
    }

    @Transactional
    public DatasetResponse createFromJson(InputStream body) {
        Dataset dataset = begin();
        ValueBudget budget = new ValueBudget(limits.maxDatasetValues());
        MatrixWriter features = new MatrixWriter(dataset.getId(), ChunkRepository.FEATURES, chunks, budget);
        MatrixWriter targets = new MatrixWriter(dataset.getId(), ChunkRepository.TARGETS, chunks, budget);
        LabelColumn labels = new LabelColumn();
        JsonDatasetReader.Header header = new JsonDatasetReader(json).read(body, features, targets, labels);

        requireName(header.name(), "name");
        if (features.rows() == 0) {
            throw ApiException.invalid("features", "is required: an array of rows, each an array of numbers");
        }
        if (header.hasTargets() == header.hasLabels()) {
            throw ApiException.invalid("targets", "give exactly one of targets (rows of numbers) or labels (integer classes)");
        }
        int targetRows = header.hasTargets() ? targets.rows() : labels.size();
        String targetField = header.hasTargets() ? "targets" : "labels";
        if (targetRows != features.rows()) {
            throw ApiException.invalid(targetField, "has " + targetRows + " rows but features has " + features.rows());
        }
        if (header.hasLabels()) {
            int classCount = header.classCount() != null ? header.classCount() : labels.max() + 1;
            if (labels.max() >= classCount) {
                throw ApiException.invalid("classCount", "is " + classCount + " but labels contain " + labels.max());
            }
            labels.writeOneHot(targets, classCount);
        } else if (header.classCount() != null) {
            throw ApiException.invalid("classCount", "applies to labels only");
        }
        return complete(dataset, header.name(), features, targets, List.of());
    }

    @Transactional
    public DatasetResponse createFromCsv(String name, String target, InputStream body) {
        requireName(name, "name");
        if (target == null || target.isBlank()) {
            throw ApiException.invalid("target", "is required: the name of the target column(s), comma-separated");
        }
        Dataset dataset = begin();
        ValueBudget budget = new ValueBudget(limits.maxDatasetValues());
        MatrixWriter features = new MatrixWriter(dataset.getId(), ChunkRepository.FEATURES, chunks, budget);
        MatrixWriter targets = new MatrixWriter(dataset.getId(), ChunkRepository.TARGETS, chunks, budget);
        Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8);
        CsvDatasetReader.Result result = new CsvDatasetReader().read(reader, target, features, targets);
        return complete(dataset, name, features, targets, result.classes() == null ? List.of() : result.classes());
    }

    /** IDX images and labels (MNIST, Fashion-MNIST), gzipped or not; pixels scaled to [0, 1], labels one-hot. */
    @Transactional
    public DatasetResponse createFromIdx(String name, InputStream images, InputStream labels) {
        requireName(name, "name");
        Dataset dataset = begin();
        ValueBudget budget = new ValueBudget(limits.maxDatasetValues());
        MatrixWriter features = new MatrixWriter(dataset.getId(), ChunkRepository.FEATURES, chunks, budget);
        MatrixWriter targets = new MatrixWriter(dataset.getId(), ChunkRepository.TARGETS, chunks, budget);
        LabelColumn labelColumn = new LabelColumn();
        int classCount = new IdxDatasetReader().read(images, labels, features, labelColumn);
        labelColumn.writeOneHot(targets, classCount);
        return complete(dataset, name, features, targets, List.of());
    }

    private DatasetResponse complete(Dataset dataset, String name, MatrixWriter features, MatrixWriter targets,
            List<String> classes) {
        String hash = ContentHash.of(features.rows(), features.width(), targets.width(), features.digest(), targets.digest());
        dataset.complete(name, features.rows(), features.width(), targets.width(), classes, hash);
        return DatasetResponse.of(datasets.save(dataset));
    }

    @Transactional(readOnly = true)
    public DatasetResponse get(String id) {
        return DatasetResponse.of(find(id));
    }

    @Transactional(readOnly = true)
    public List<DatasetResponse> list(int limit, int offset) {
        return datasets.findAllByOrderByCreatedAtDescIdDesc(PageRequest.of(0, offset + limit)).stream()
                .skip(offset).map(DatasetResponse::of).toList();
    }

    @Transactional
    public void delete(String id) {
        Dataset dataset = find(id);
        for (DatasetUsage usage : usages) {
            String reason = usage.blockingUseOfDataset(id);
            if (reason != null) {
                throw ApiException.conflict("dataset '" + id + "' cannot be deleted: " + reason);
            }
        }
        datasets.delete(dataset);
        loaded.forget(id);
    }

    /**
     * The whole dataset as float arrays, for a training job or an evaluation: read-only, since the last ones
     * loaded are shared with later callers (see {@link LoadedDatasets}).
     */
    @Transactional(readOnly = true)
    public DatasetMatrices load(String id) {
        Dataset dataset = find(id);
        DatasetMatrices recent = loaded.get(id, dataset.getContentHash());
        if (recent != null) {
            return recent;
        }
        int rows = dataset.getRowCount();
        float[] x = new float[Math.multiplyExact(rows, dataset.getFeatureCount())];
        float[] y = new float[Math.multiplyExact(rows, dataset.getTargetCount())];
        int readX = chunks.readInto(id, ChunkRepository.FEATURES, x);
        int readY = chunks.readInto(id, ChunkRepository.TARGETS, y);
        if (readX != x.length || readY != y.length) {
            throw new IllegalStateException("dataset " + id + " is incomplete: " + readX + "/" + x.length + " features, "
                    + readY + "/" + y.length + " targets");
        }
        List<String> classes = dataset.getClasses().isEmpty() ? null : List.copyOf(dataset.getClasses());
        var data = new DatasetMatrices(id, rows, dataset.getFeatureCount(), dataset.getTargetCount(), x, y, classes,
                dataset.getContentHash());
        loaded.put(data);
        return data;
    }

    /** The row is written first (chunks reference it) and completed at the end, inside the same transaction. */
    private Dataset begin() {
        return datasets.saveAndFlush(new Dataset(UUID.randomUUID().toString(), "", Instant.now(clock)));
    }

    private static void requireName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalid(field, "is required");
        }
        if (name.length() > 200) {
            throw ApiException.invalid(List.of(new FieldProblem(field, "must be 1 to 200 characters")));
        }
    }

    private Dataset find(String id) {
        return datasets.findById(id).orElseThrow(() -> DatasetNotFoundException.forId(id));
    }
}
