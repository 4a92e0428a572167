package io.backprop.engine;

/**
 * Loss and accuracy summed over mini-batches weighted by their row counts, so that an epoch of uneven
 * batches reports means over rows: the cost is Σ rows·(mean batch loss) / Σ rows.
 */
final class RowWeightedMeans {

    private final boolean classifier;
    private double lossSum; // Σ over batches of rows · mean batch loss
    private double correctSum; // Σ over rows of per-row correctness (see Accuracy)
    private int rows;

    RowWeightedMeans(boolean classifier) {
        this.classifier = classifier;
    }

    void reset() {
        lossSum = 0;
        correctSum = 0;
        rows = 0;
    }

    /** Adds {@code count} rows whose mean loss and summed correctness were taken elsewhere. */
    void add(double meanLoss, double correct, int count) {
        lossSum += count * meanLoss;
        correctSum += correct;
        rows += count;
    }

    /** False once a loss was NaN or infinite: the sum stays so, however many batches follow. */
    boolean isFinite() {
        return Double.isFinite(lossSum);
    }

    double cost() {
        return lossSum / rows;
    }

    /** Null for a network that is not a classifier. */
    Double accuracy() {
        return classifier ? correctSum / rows : null;
    }
}
