package io.backprop.web;

/** One validation failure: the request field (a JSON path such as {@code layers[1].activation}) and what is expected. */
public record FieldProblem(String field, String message) {
}
