package io.backprop.prediction;

import org.springframework.stereotype.Service;

import io.backprop.dataset.DatasetMatrices;
import io.backprop.dataset.DatasetService;
import io.backprop.engine.Evaluation;
import io.backprop.web.ApiException;

/** Measures a stored model version on a stored dataset. */
@Service
class EvaluationService {

    private final PredictionCache cache;
    private final DatasetService datasets;

    EvaluationService(PredictionCache cache, DatasetService datasets) {
        this.cache = cache;
        this.datasets = datasets;
    }

    EvaluationResponse evaluate(String modelId, EvaluateRequest request) {
        ReadyModel model = cache.get(modelId, request.version());
        DatasetMatrices data = datasets.load(request.datasetId());
        if (data.featureCount() != model.inputSize() || data.targetCount() != model.outputSize()) {
            throw ApiException.invalid("datasetId", "the dataset has " + data.featureCount() + " features and "
                    + data.targetCount() + " targets, but the model takes " + model.inputSize() + " inputs and gives "
                    + model.outputSize() + " outputs");
        }
        Evaluation.Result result = Evaluation.of(model.network(), data.features(), data.targets(), data.rows());
        return new EvaluationResponse(modelId, model.version(), data.id(), data.rows(), result.cost(), result.accuracy(),
                result.confusionMatrix());
    }
}
