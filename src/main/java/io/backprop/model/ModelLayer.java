package io.backprop.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One layer of a stored definition, by its API names. */
@Embeddable
class ModelLayer {

    private int units;

    private String activation;

    @Column(name = "alpha")
    private float alpha;

    protected ModelLayer() {
    }

    ModelLayer(int units, String activation, float alpha) {
        this.units = units;
        this.activation = activation;
        this.alpha = alpha;
    }

    int getUnits() {
        return units;
    }

    String getActivation() {
        return activation;
    }

    float getAlpha() {
        return alpha;
    }
}
