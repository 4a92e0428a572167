package io.backprop.dataset;

import org.springframework.http.HttpStatus;

import io.backprop.web.ApiException;

/** No dataset has this id: 404. */
public class DatasetNotFoundException extends ApiException {

    private DatasetNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "Dataset not found", "no dataset with id '" + id + "'");
    }

    public static DatasetNotFoundException forId(String id) {
        return new DatasetNotFoundException(id);
    }
}
