package io.backprop.engine;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/** A network definition that cannot be built or trained; {@link #violations()} says why, field by field. */
public final class InvalidSpecException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf of records; never serialized in practice
    private final List<SpecViolation> violations;

    public InvalidSpecException(List<SpecViolation> violations) {
        super(violations.stream().map(SpecViolation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<SpecViolation> violations() {
        return violations;
    }
}
