package io.backprop.model;

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

/** A network definition and the number of its latest parameter version (0: never trained). */
@Entity
@Table(name = "models")
class Model {

    @Id
    private String id;

    private String name;

    private int inputSize;

    private String loss;

    private String initializer;

    private long seed;

    private long parameterCount;

    private int version;

    private Instant createdAt;

    private Instant updatedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "model_layers", joinColumns = @JoinColumn(name = "model_id"))
    @OrderColumn(name = "position")
    private List<ModelLayer> layers = new ArrayList<>();

    protected Model() {
    }

    Model(String id, String name, int inputSize, List<ModelLayer> layers, String loss, String initializer, long seed,
            long parameterCount, Instant now) {
        this.id = id;
        this.name = name;
        this.inputSize = inputSize;
        this.layers = new ArrayList<>(layers);
        this.loss = loss;
        this.initializer = initializer;
        this.seed = seed;
        this.parameterCount = parameterCount;
        this.version = 0;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Records that a new parameter version exists and returns its number. */
    int advanceVersion(Instant now) {
        version++;
        updatedAt = now;
        return version;
    }

    String getId() {
        return id;
    }

    String getName() {
        return name;
    }

    int getInputSize() {
        return inputSize;
    }

    List<ModelLayer> getLayers() {
        return layers;
    }

    String getLoss() {
        return loss;
    }

    String getInitializer() {
        return initializer;
    }

    long getSeed() {
        return seed;
    }

    long getParameterCount() {
        return parameterCount;
    }

    int getVersion() {
        return version;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
