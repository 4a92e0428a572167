package io.backprop.dataset;

import io.backprop.web.ApiException;

/** Counts the values an upload has stored and refuses it with 413 once it passes the configured limit. */
final class ValueBudget {

    private final long limit;
    private long spent;

    ValueBudget(long limit) {
        this.limit = limit;
    }

    void spend(long values) {
        spent += values;
        if (spent > limit) {
            throw ApiException.tooLarge("backprop.limits.max-dataset-values", limit, "the dataset's rows × columns");
        }
    }
}
