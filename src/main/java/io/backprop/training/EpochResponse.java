package io.backprop.training;

/** One finished epoch, as GET /jobs/{id}/epochs lists it. */
public record EpochResponse(int epoch, double cost, Double validationCost, Double accuracy, Double validationAccuracy,
                            double learningRate, long millis) {

    static EpochResponse of(JobEpoch e) {
        return new EpochResponse(e.getEpoch(), e.getCost(), e.getValidationCost(), e.getAccuracy(),
                e.getValidationAccuracy(), e.getLearningRate(), e.getMillis());
    }
}
