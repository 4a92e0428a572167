package io.backprop.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/** A dataset's metadata; its numbers live in dataset_chunks (see {@link ChunkRepository}). */
@Entity
@Table(name = "datasets")
class Dataset {

    @Id
    private String id;

    private String name;

    private int rowCount;

    private int featureCount;

    private int targetCount;

    private Instant createdAt;

    private String contentHash;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "dataset_classes", joinColumns = @JoinColumn(name = "dataset_id"))
    @OrderColumn(name = "position")
    @Column(name = "name")
    private List<String> classes = new ArrayList<>();

    protected Dataset() {
    }

    Dataset(String id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    /** Completes the row once every chunk is written: the counts are only known at the end of the stream. */
    void complete(String name, int rowCount, int featureCount, int targetCount, List<String> classes, String contentHash) {
        this.name = name;
        this.contentHash = contentHash;
        this.rowCount = rowCount;
        this.featureCount = featureCount;
        this.targetCount = targetCount;
        this.classes = new ArrayList<>(classes);
    }

    String getId() {
        return id;
    }

    String getName() {
        return name;
    }

    int getRowCount() {
        return rowCount;
    }

    int getFeatureCount() {
        return featureCount;
    }

    int getTargetCount() {
        return targetCount;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    String getContentHash() {
        return contentHash;
    }

    List<String> getClasses() {
        return classes;
    }
}
