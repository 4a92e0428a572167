package io.backprop.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;

/**
 * Refuses, with 400, every option of the contract this version cannot honour yet, instead of
 * silently training without it. Each refusal goes away as the engine learns the option.
 */
final class TrainingOptionsPolicy {

    private static final Set<String> OPTIMIZERS = Set.of("sgd", "adam", "rmsprop");
    private static final Set<String> SCHEDULES = Set.of("constant", "step", "exponential", "cosine");

    private TrainingOptionsPolicy() {
    }

    static void requireSupported(CreateJobRequest r) {
        List<FieldProblem> problems = new ArrayList<>();
        if (r.optimizer() != null && !OPTIMIZERS.contains(r.optimizer())) {
            problems.add(new FieldProblem("optimizer", "unknown optimizer '" + r.optimizer() + "'; expected one of sgd, adam, rmsprop"));
        } else if (r.optimizer() != null && !r.optimizer().equals("sgd")) {
            problems.add(notYet("optimizer", "optimizer '" + r.optimizer() + "'; use sgd"));
        }
        if (r.momentum() != null && r.momentum() > 0) {
            problems.add(notYet("momentum", "momentum"));
        }
        if (Boolean.TRUE.equals(r.nesterov())) {
            problems.add(notYet("nesterov", "nesterov momentum"));
        }
        if (r.beta1() != null || r.beta2() != null || r.epsilon() != null) {
            problems.add(notYet(r.beta1() != null ? "beta1" : r.beta2() != null ? "beta2" : "epsilon", "adam options"));
        }
        if (r.l2() != null && r.l2() > 0) {
            problems.add(notYet("l2", "l2 regularisation"));
        }
        if (r.schedule() != null) {
            if (!SCHEDULES.contains(r.schedule().type())) {
                problems.add(new FieldProblem("schedule.type", "unknown schedule '" + r.schedule().type()
                        + "'; expected one of constant, step, exponential, cosine"));
            } else if (!r.schedule().type().equals("constant")) {
                problems.add(notYet("schedule.type", "schedule '" + r.schedule().type() + "'; use constant"));
            }
        }
        if (r.validationSplit() != null && r.validationSplit() > 0) {
            problems.add(notYet("validationSplit", "a validation split"));
        }
        if (r.earlyStopping() != null) {
            problems.add(notYet("earlyStopping", "early stopping"));
        }
        if (Boolean.TRUE.equals(r.warmStart())) {
            problems.add(notYet("warmStart", "warm start"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }

    private static FieldProblem notYet(String field, String what) {
        return new FieldProblem(field, what + " is not supported yet");
    }
}
