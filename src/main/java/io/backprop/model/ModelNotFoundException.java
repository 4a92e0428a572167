package io.backprop.model;

import org.springframework.http.HttpStatus;

import io.backprop.web.ApiException;

/** No model has this id: 404. */
public class ModelNotFoundException extends ApiException {

    private ModelNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "Model not found", "no model with id '" + id + "'");
    }

    public static ModelNotFoundException forId(String id) {
        return new ModelNotFoundException(id);
    }
}
