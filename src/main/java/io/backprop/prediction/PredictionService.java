package io.backprop.prediction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Service;

import io.backprop.web.ApiException;
import io.backprop.web.LimitsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Answers predictions from ready networks. The order of refusals is the contract's: unknown model
 * (404), no trained parameters (409), then bad input (400).
 */
@Service
class PredictionService {

    private final PredictionCache cache;
    private final LimitsProperties limits;
    private final Timer latency;

    PredictionService(PredictionCache cache, LimitsProperties limits, MeterRegistry registry) {
        this.cache = cache;
        this.limits = limits;
        this.latency = Timer.builder("backprop.prediction.latency")
                .description("time to answer a prediction: lookup, input checks and the forward pass")
                .publishPercentileHistogram().register(registry);
    }

    PredictionResponses.Single predictOne(String modelId, Integer version, String input) {
        long started = System.nanoTime();
        ReadyModel model = cache.get(modelId, version);
        float[] sample = InputParser.parse(input, model.inputSize());
        float[] output = new float[model.outputSize()];
        model.network().predict(sample, 1, output);
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return new PredictionResponses.Single(modelId, model.version(), output, model.label(output, 0));
    }

    PredictionResponses.Batch predictMany(PredictRequest request) {
        long started = System.nanoTime();
        ReadyModel model = cache.get(request.model(), request.version());
        int rows = request.inputs().size();
        if (rows > limits.maxPredictRows()) {
            throw ApiException.invalid("inputs", "at most " + limits.maxPredictRows()
                    + " samples per request (the limit backprop.limits.max-predict-rows), got " + rows);
        }
        int in = model.inputSize();
        float[] inputs = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            float[] sample = request.inputs().get(r);
            if (sample.length != in) {
                throw ApiException.invalid("inputs[" + r + "]", "expected " + in + " numbers (the model's inputSize), got " + sample.length);
            }
            for (int i = 0; i < in; i++) {
                if (!Float.isFinite(sample[i])) {
                    throw ApiException.invalid("inputs[" + r + "][" + i + "]", "must be a finite number");
                }
            }
            System.arraycopy(sample, 0, inputs, r * in, in);
        }
        int out = model.outputSize();
        float[] outputs = new float[rows * out];
        model.network().predict(inputs, rows, outputs);
        List<float[]> rowsOut = new ArrayList<>(rows);
        List<Object> labels = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            rowsOut.add(Arrays.copyOfRange(outputs, r * out, (r + 1) * out));
            labels.add(model.label(outputs, r * out));
        }
        boolean classifier = labels.getFirst() != null;
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return new PredictionResponses.Batch(request.model(), model.version(), rowsOut, classifier ? labels : null);
    }

}
