package io.backprop.training;

import org.springframework.http.HttpStatus;

import io.backprop.web.ApiException;

/** No job has this id: 404. */
public class JobNotFoundException extends ApiException {

    private JobNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, "Job not found", "no job with id '" + id + "'");
    }

    public static JobNotFoundException forId(String id) {
        return new JobNotFoundException(id);
    }
}
