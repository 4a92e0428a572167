package io.backprop.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Features extend it with small factories
 * ({@code ModelNotFoundException.forId(id)}); {@link ProblemDetailsAdvice} maps every one to an
 * RFC 9457 body with this status, title and detail, plus {@code errors} when there are field problems.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiException(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiException invalid(List<FieldProblem> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", "no " + what.toLowerCase() + " with id '" + id + "'");
    }

    public static ApiException tooLarge(String limitName, long limit, String what) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
                what + " exceeds the limit " + limitName + " = " + limit);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
