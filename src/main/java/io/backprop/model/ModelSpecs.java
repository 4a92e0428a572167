package io.backprop.model;

import java.util.ArrayList;
import java.util.List;

import io.backprop.engine.ActivationKind;
import io.backprop.engine.InitializerKind;
import io.backprop.engine.LayerSpec;
import io.backprop.engine.LossKind;
import io.backprop.engine.NetworkSpec;
import io.backprop.engine.SpecViolation;
import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;

/** Turns API names into the engine's {@link NetworkSpec}, collecting every problem before refusing. */
final class ModelSpecs {

    static final float DEFAULT_LEAKY_ALPHA = 0.01f;

    private ModelSpecs() {
    }

    /** The spec of a request, or a 400 listing each unknown name and each rule the engine refuses. */
    static NetworkSpec fromRequest(CreateModelRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < request.layers().size(); i++) {
            LayerDefinition layer = request.layers().get(i);
            ActivationKind activation = ActivationKind.fromName(layer.activation()).orElse(null);
            if (activation == null) {
                problems.add(new FieldProblem("layers[" + i + "].activation", "unknown activation '" + layer.activation()
                        + "'; expected one of " + ActivationKind.expectedNames()));
                continue;
            }
            if (layer.alpha() != null && activation != ActivationKind.LEAKY_RELU) {
                problems.add(new FieldProblem("layers[" + i + "].alpha", "alpha applies to leaky_relu only"));
            }
            float alpha = layer.alpha() == null ? DEFAULT_LEAKY_ALPHA : layer.alpha().floatValue();
            layers.add(new LayerSpec(layer.units(), activation, alpha));
        }
        LossKind loss = LossKind.fromName(request.loss()).orElse(null);
        if (loss == null) {
            problems.add(new FieldProblem("loss", "unknown loss '" + request.loss() + "'; expected one of " + LossKind.expectedNames()));
        }
        InitializerKind initializer = null;
        if (request.initializer() != null) {
            initializer = InitializerKind.fromName(request.initializer()).orElse(null);
            if (initializer == null) {
                problems.add(new FieldProblem("initializer", "unknown initializer '" + request.initializer()
                        + "'; expected one of " + InitializerKind.expectedNames()));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        NetworkSpec spec = new NetworkSpec(request.inputSize(), layers, loss, initializer);
        requireValid(spec);
        return spec;
    }

    /** The spec of a stored model: its names were validated when it was created. */
    static NetworkSpec fromModel(Model model) {
        List<LayerSpec> layers = model.getLayers().stream()
                .map(l -> new LayerSpec(l.getUnits(), ActivationKind.fromName(l.getActivation()).orElseThrow(), l.getAlpha()))
                .toList();
        InitializerKind initializer = model.getInitializer() == null ? null
                : InitializerKind.fromName(model.getInitializer()).orElseThrow();
        return new NetworkSpec(model.getInputSize(), layers, LossKind.fromName(model.getLoss()).orElseThrow(), initializer);
    }

    private static void requireValid(NetworkSpec spec) {
        List<SpecViolation> violations = spec.violations();
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations.stream().map(v -> new FieldProblem(v.field(), v.message())).toList());
        }
    }
}
