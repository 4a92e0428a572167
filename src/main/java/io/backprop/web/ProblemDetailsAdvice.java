package io.backprop.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where failures become RFC 9457 problem details. Framework exceptions keep Spring's
 * status and get a detail a person can act on; validation failures add {@code errors: [{field, message}]};
 * anything unexpected is a 500 whose body says nothing of the stack.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException e, HttpServletRequest request) {
        return problem(e.status(), e.title(), e.getMessage(), e.errors(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "a valid value"
                : type.isEnum() ? "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", "))
                : "a value of type " + type.getSimpleName();
        String message = "'" + e.getValue() + "' is not " + expected;
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getName() + ": " + message,
                List.of(new FieldProblem(e.getName(), message)), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the server failed to handle this request; the failure has been logged", List.of(), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new FieldProblem(g.getObjectName(), g.getDefaultMessage())));
        return invalid(sorted(errors), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, error.getDefaultMessage()));
            }
        });
        return invalid(sorted(errors), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(List.of(new FieldProblem(e.getParameterName(), "is required")), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e.getMostSpecificCause() instanceof ApiException api) {
            // e.g. the body-size limit, hit while the converter was reading
            HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
            return ResponseEntity.status(api.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(body(api.status(), api.title(), api.getMessage(), api.errors(), servlet));
        }
        return invalid(List.of(describe(e.getMostSpecificCause())), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = e.getBody();
        body.setDetail("content type '" + e.getContentType() + "' is not supported here; expected one of "
                + e.getSupportedMediaTypes());
        return handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "upload exceeds the limit spring.servlet.multipart.max-request-size");
        body.setTitle("Payload too large");
        return handleExceptionInternal(e, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servlet) {
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
            problem.setType(typeOf(problem.getTitle()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A body Jackson could not read: malformed JSON, an unknown field, or a value of the wrong type. */
    static FieldProblem describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return new FieldProblem(path(unknown), "unknown field; expected one of " + String.join(", ", known));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldProblem(path(mismatch), "expected " + describeType(mismatch.getTargetType()));
        }
        if (cause instanceof InputCoercionException outOfRange && !outOfRange.getPath().isEmpty()) {
            boolean isLong = outOfRange.getTargetType() == long.class || outOfRange.getTargetType() == Long.class;
            return new FieldProblem(path(outOfRange), "is out of range: expected an integer from "
                    + (isLong ? Long.MIN_VALUE + " to " + Long.MAX_VALUE : Integer.MIN_VALUE + " to " + Integer.MAX_VALUE));
        }
        if (cause instanceof StreamReadException malformed) {
            return new FieldProblem("body", "malformed JSON: " + malformed.getOriginalMessage());
        }
        if (cause instanceof JacksonException jackson) {
            return new FieldProblem(path(jackson), jackson.getOriginalMessage());
        }
        return new FieldProblem("body", "the request body is missing or unreadable");
    }

    private static String describeType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer (a number such as 2.5 is not rounded)";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /**
     * A stable URN per kind of problem ({@code urn:backprop:problem:invalid-request}), so that a client
     * can branch on {@code type} rather than parse {@code title}; "about:blank" is never serialized.
     */
    private static URI typeOf(String title) {
        String slug = title == null ? "error" : title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return URI.create("urn:backprop:problem:" + slug);
    }

    private static List<FieldProblem> sorted(List<FieldProblem> errors) {
        return errors.stream().sorted(Comparator.comparing(FieldProblem::field)).toList();
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> errors, WebRequest request) {
        HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
        ApiException e = ApiException.invalid(errors);
        return ResponseEntity.status(e.status()).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body(e.status(), e.title(), e.getMessage(), e.errors(), servlet));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
            List<FieldProblem> errors, HttpServletRequest request) {
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body(status, title, detail, errors, request));
    }

    private static ProblemDetail body(HttpStatus status, String title, String detail, List<FieldProblem> errors,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(typeOf(title));
        problem.setInstance(URI.create(request.getRequestURI()));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
