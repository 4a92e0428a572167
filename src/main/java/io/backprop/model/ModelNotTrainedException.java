package io.backprop.model;

import org.springframework.http.HttpStatus;

import io.backprop.web.ApiException;

/** The model exists but has no parameters yet: 409, with what to do about it. */
public class ModelNotTrainedException extends ApiException {

    private ModelNotTrainedException(String id) {
        super(HttpStatus.CONFLICT, "Model not trained", "model '" + id
                + "' has no trained parameters yet: train it with POST /jobs or import them with PUT /models/" + id + "/parameters");
    }

    public static ModelNotTrainedException forId(String id) {
        return new ModelNotTrainedException(id);
    }
}
