package io.backprop.model;

import java.util.ArrayList;
import java.util.List;

import io.backprop.engine.LayerSpec;
import io.backprop.engine.NetworkSpec;
import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;

/**
 * Converts between the engine's flat buffer (per layer W as (in, out) row-major, then b) and the API's
 * {@code weights[j][i]} (unit j, input i) and {@code biases[j]}.
 */
final class ParameterLayout {

    private ParameterLayout() {
    }

    static ParametersBody toApi(NetworkSpec spec, int version, float[] flat) {
        List<ParametersBody.LayerParameters> layers = new ArrayList<>();
        int offset = 0;
        int in = spec.inputSize();
        for (LayerSpec layer : spec.layers()) {
            int out = layer.units();
            float[][] weights = new float[out][in];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    weights[j][i] = flat[offset + i * out + j];
                }
            }
            offset += in * out;
            float[] biases = new float[out];
            System.arraycopy(flat, offset, biases, 0, out);
            offset += out;
            layers.add(new ParametersBody.LayerParameters(weights, biases));
            in = out;
        }
        return new ParametersBody(version, layers);
    }

    /** The flat buffer of an imported body, or a 400 naming every wrong shape and non-finite value. */
    static float[] fromApi(NetworkSpec spec, ParametersBody body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (body.layers().size() != spec.layers().size()) {
            throw ApiException.invalid("layers", "expected " + spec.layers().size() + " layers, got " + body.layers().size());
        }
        float[] flat = new float[Math.toIntExact(spec.parameterCount())];
        int offset = 0;
        int in = spec.inputSize();
        for (int l = 0; l < spec.layers().size(); l++) {
            int out = spec.layers().get(l).units();
            ParametersBody.LayerParameters layer = body.layers().get(l);
            String field = "layers[" + l + "]";
            if (layer.weights().length != out) {
                problems.add(new FieldProblem(field + ".weights", "expected " + out + " rows (one per unit), got " + layer.weights().length));
            } else {
                for (int j = 0; j < out; j++) {
                    float[] row = layer.weights()[j];
                    if (row == null || row.length != in) {
                        problems.add(new FieldProblem(field + ".weights[" + j + "]", "expected " + in + " weights (one per input), got "
                                + (row == null ? "null" : row.length)));
                        continue;
                    }
                    for (int i = 0; i < in; i++) {
                        if (!Float.isFinite(row[i])) {
                            problems.add(new FieldProblem(field + ".weights[" + j + "][" + i + "]", "must be a finite number"));
                        }
                        flat[offset + i * out + j] = row[i];
                    }
                }
            }
            offset += in * out;
            if (layer.biases().length != out) {
                problems.add(new FieldProblem(field + ".biases", "expected " + out + " biases, got " + layer.biases().length));
            } else {
                for (int j = 0; j < out; j++) {
                    if (!Float.isFinite(layer.biases()[j])) {
                        problems.add(new FieldProblem(field + ".biases[" + j + "]", "must be a finite number"));
                    }
                }
                System.arraycopy(layer.biases(), 0, flat, offset, out);
            }
            offset += out;
            in = out;
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.size() > 20 ? problems.subList(0, 20) : problems);
        }
        return flat;
    }
}
