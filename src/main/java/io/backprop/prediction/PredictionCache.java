package io.backprop.prediction;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.backprop.engine.Network;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.backprop.model.ModelEvents;
import io.backprop.model.ModelNotTrainedException;
import io.backprop.model.ModelService;
import io.backprop.model.StoredNetwork;

/**
 * Ready networks keyed by (model, version), and each model's latest version number, so that a
 * prediction on a cache hit reads nothing from the database. Loads happen once per key, even when
 * many requests miss together (Caffeine computes a missing entry once).
 */
@Component
class PredictionCache {

    private record Key(String modelId, int version) {
    }

    private final ModelService models;
    private final Cache<Key, ReadyModel> networks;
    private final Cache<String, Integer> latestVersions;

    PredictionCache(ModelService models, PredictionProperties properties, MeterRegistry registry) {
        this.models = models;
        this.networks = Caffeine.newBuilder().maximumSize(properties.cacheSize()).recordStats().build();
        CaffeineCacheMetrics.monitor(registry, networks, "prediction.networks");
        this.latestVersions = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(properties.latestVersionTtl()).build();
    }

    /** The network of a version (the latest when null): 404 for an unknown model or version, 409 if untrained. */
    ReadyModel get(String modelId, Integer version) {
        int wanted = version != null ? version : latestVersions.get(modelId, this::loadLatestVersion);
        if (wanted == 0) {
            latestVersions.invalidate(modelId);
            throw ModelNotTrainedException.forId(modelId);
        }
        return networks.get(new Key(modelId, wanted), this::load);
    }

    private int loadLatestVersion(String modelId) {
        return models.get(modelId).version();
    }

    private ReadyModel load(Key key) {
        StoredNetwork stored = models.stored(key.modelId(), key.version());
        return new ReadyModel(key.modelId(), key.version(), Network.fromParameters(stored.spec(), stored.parameters()),
                stored.classNames());
    }

    @TransactionalEventListener
    void onVersionStored(ModelEvents.VersionStored event) {
        latestVersions.asMap().merge(event.modelId(), event.version(), Math::max);
    }

    @TransactionalEventListener
    void onDeleted(ModelEvents.Deleted event) {
        latestVersions.invalidate(event.modelId());
        networks.asMap().keySet().removeIf(key -> key.modelId().equals(event.modelId()));
    }
}
