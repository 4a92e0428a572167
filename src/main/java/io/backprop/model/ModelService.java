package io.backprop.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.backprop.engine.LayerSpec;
import io.backprop.engine.NetworkSpec;
import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;
import io.backprop.web.LimitsProperties;

/** Network definitions and their parameter versions. */
@Service
public class ModelService {

    private final ModelRepository models;
    private final ParameterRepository parameters;
    private final List<ModelUsage> usages;
    private final ApplicationEventPublisher events;
    private final LimitsProperties limits;
    private final Clock clock;

    ModelService(ModelRepository models, ParameterRepository parameters, List<ModelUsage> usages,
            ApplicationEventPublisher events, LimitsProperties limits, Clock clock) {
        this.models = models;
        this.parameters = parameters;
        this.usages = usages;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    @Transactional
    public ModelResponse create(CreateModelRequest request) {
        NetworkSpec spec = ModelSpecs.fromRequest(request);
        long count = spec.parameterCount();
        if (count > limits.maxParameters()) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "Invalid request",
                    "layers: the network has " + count + " parameters, more than the limit backprop.limits.max-parameters = "
                            + limits.maxParameters(),
                    List.of(new FieldProblem("layers", "the network has " + count
                            + " parameters, more than the limit backprop.limits.max-parameters = " + limits.maxParameters())));
        }
        List<ModelLayer> layers = new ArrayList<>();
        for (LayerSpec layer : spec.layers()) {
            layers.add(new ModelLayer(layer.units(), layer.activation().apiName(), layer.alpha()));
        }
        // A seed is always recorded, so that training twice from the same definition starts identically.
        long seed = request.seed() != null ? request.seed() : RandomGenerator.getDefault().nextLong(1L << 53);
        Model model = new Model(UUID.randomUUID().toString(), request.name(), spec.inputSize(), layers,
                spec.loss().apiName(), spec.initializer() == null ? null : spec.initializer().apiName(), seed, count,
                Instant.now(clock));
        return ModelResponse.of(models.save(model), List.of());
    }

    @Transactional(readOnly = true)
    public ModelResponse get(String id) {
        return withVersions(find(id));
    }

    @Transactional(readOnly = true)
    public List<ModelResponse> list(int limit, int offset) {
        return models.findAllByOrderByCreatedAtDescIdDesc(PageRequest.of(0, offset + limit)).stream()
                .skip(offset).map(m -> ModelResponse.of(m, null)).toList();
    }

    @Transactional
    public void delete(String id) {
        Model model = models.findForUpdate(id).orElseThrow(() -> ModelNotFoundException.forId(id));
        for (ModelUsage usage : usages) {
            String reason = usage.blockingUseOfModel(id);
            if (reason != null) {
                throw ApiException.conflict("model '" + id + "' cannot be deleted: " + reason);
            }
        }
        models.delete(model);
        events.publishEvent(new ModelEvents.Deleted(id));
    }

    /** The parameters of a version (latest when {@code version} is null) in API form. */
    @Transactional(readOnly = true)
    public ParametersBody parameters(String id, Integer version) {
        StoredNetwork stored = stored(id, version);
        if (stored.version() == 0) {
            throw ModelNotTrainedException.forId(id);
        }
        return ParameterLayout.toApi(stored.spec(), stored.version(), stored.parameters());
    }

    /** Stores imported parameters as the next version after checking every shape and value. */
    @Transactional
    public ModelResponse importParameters(String id, ParametersBody body) {
        Model model = models.findForUpdate(id).orElseThrow(() -> ModelNotFoundException.forId(id));
        float[] flat = ParameterLayout.fromApi(ModelSpecs.fromModel(model), body);
        addVersion(model, flat, VersionProvenance.IMPORTED);
        return withVersions(model);
    }

    /** The spec, seed and (when {@code version} is null, latest) parameters of a model, for training or prediction. */
    @Transactional(readOnly = true)
    public StoredNetwork stored(String id, Integer version) {
        Model model = find(id);
        int wanted = version == null ? model.getVersion() : version;
        if (version != null && (version < 1 || version > model.getVersion())) {
            throw new ApiException(org.springframework.http.HttpStatus.NOT_FOUND, "Version not found",
                    "model '" + id + "' has no version " + version + "; its versions are 1 to " + model.getVersion());
        }
        NetworkSpec spec = ModelSpecs.fromModel(model);
        if (wanted == 0) {
            return new StoredNetwork(id, spec, model.getSeed(), 0, null, null, null);
        }
        ParameterRepository.Version stored = parameters.find(id, wanted)
                .orElseThrow(() -> new IllegalStateException("model " + id + " lacks its version " + wanted));
        return new StoredNetwork(id, spec, model.getSeed(), wanted, stored.parameters(), stored.provenance().classNames(),
                stored.provenance().optimizerState());
    }

    /** Stores trained parameters as the model's next version and returns its number. */
    @Transactional
    public int storeTrainedVersion(String id, float[] values, VersionProvenance provenance) {
        Model model = models.findForUpdate(id).orElseThrow(() -> ModelNotFoundException.forId(id));
        return addVersion(model, values, provenance);
    }

    private ModelResponse withVersions(Model model) {
        return ModelResponse.of(model, parameters.list(model.getId()));
    }

    private int addVersion(Model model, float[] values, VersionProvenance provenance) {
        if (values.length != model.getParameterCount()) {
            throw new IllegalArgumentException("model " + model.getId() + " has " + model.getParameterCount()
                    + " parameters, not " + values.length);
        }
        Instant now = Instant.now(clock);
        int version = model.advanceVersion(now);
        parameters.insert(model.getId(), version, values, provenance, now);
        events.publishEvent(new ModelEvents.VersionStored(model.getId(), version));
        return version;
    }

    private Model find(String id) {
        return models.findById(id).orElseThrow(() -> ModelNotFoundException.forId(id));
    }
}
