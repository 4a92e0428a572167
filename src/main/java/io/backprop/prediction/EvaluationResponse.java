package io.backprop.prediction;

/**
 * How a model version does on a dataset: the mean loss (as training reports it, without L2), and for
 * classifiers the accuracy and the confusion matrix, {@code confusionMatrix[actual][predicted]}.
 */
public record EvaluationResponse(String model, int version, String datasetId, int rows, double cost, Double accuracy,
                                 long[][] confusionMatrix) {
}
