package io.backprop.training;

import java.util.ArrayList;
import java.util.List;

import io.backprop.engine.EarlyStopping;
import io.backprop.engine.LearningRateSchedule;
import io.backprop.engine.OptimizerOptions;
import io.backprop.engine.Schedules;
import io.backprop.engine.TrainingOptions;
import io.backprop.web.ApiException;
import io.backprop.web.FieldProblem;

/**
 * Turns a job's request into the engine's optimizer, schedule and options, after checking how the
 * options combine: each hyperparameter belongs to one optimizer or schedule, and one given to another
 * is refused rather than silently ignored.
 */
final class TrainingConfig {

    private TrainingConfig() {
    }

    /** Refuses options that do not fit together, naming each; ranges were checked by bean validation. */
    static void requireConsistent(CreateJobRequest r) {
        List<FieldProblem> problems = new ArrayList<>();
        String optimizer = r.optimizer() == null ? "sgd" : r.optimizer();
        switch (optimizer) {
            case "sgd" -> {
                onlyFor(problems, "beta1", r.beta1(), "adam");
                onlyFor(problems, "beta2", r.beta2(), "adam");
                onlyFor(problems, "epsilon", r.epsilon(), "adam or rmsprop");
                onlyFor(problems, "rho", r.rho(), "rmsprop");
                if (Boolean.TRUE.equals(r.nesterov()) && (r.momentum() == null || r.momentum() == 0)) {
                    problems.add(new FieldProblem("nesterov", "nesterov needs a momentum > 0"));
                }
            }
            case "adam" -> {
                onlyFor(problems, "momentum", positive(r.momentum()), "sgd");
                onlyFor(problems, "nesterov", Boolean.TRUE.equals(r.nesterov()) ? true : null, "sgd");
                onlyFor(problems, "rho", r.rho(), "rmsprop");
            }
            case "rmsprop" -> {
                onlyFor(problems, "momentum", positive(r.momentum()), "sgd");
                onlyFor(problems, "nesterov", Boolean.TRUE.equals(r.nesterov()) ? true : null, "sgd");
                onlyFor(problems, "beta1", r.beta1(), "adam");
                onlyFor(problems, "beta2", r.beta2(), "adam");
            }
            default -> problems.add(new FieldProblem("optimizer",
                    "unknown optimizer '" + optimizer + "'; expected one of sgd, adam, rmsprop"));
        }
        CreateJobRequest.Schedule schedule = r.schedule();
        if (schedule != null) {
            switch (schedule.type()) {
                case "constant" -> {
                    onlyFor(problems, "schedule.factor", schedule.factor(), "the step schedule");
                    onlyFor(problems, "schedule.every", schedule.every(), "the step schedule");
                    onlyFor(problems, "schedule.gamma", schedule.gamma(), "the exponential schedule");
                    onlyFor(problems, "schedule.minLearningRate", schedule.minLearningRate(), "the cosine schedule");
                }
                case "step" -> {
                    required(problems, "schedule.factor", schedule.factor(), "the factor applied every `every` epochs");
                    required(problems, "schedule.every", schedule.every(), "the number of epochs between steps");
                    onlyFor(problems, "schedule.gamma", schedule.gamma(), "the exponential schedule");
                    onlyFor(problems, "schedule.minLearningRate", schedule.minLearningRate(), "the cosine schedule");
                }
                case "exponential" -> {
                    required(problems, "schedule.gamma", schedule.gamma(), "the factor applied every epoch");
                    onlyFor(problems, "schedule.factor", schedule.factor(), "the step schedule");
                    onlyFor(problems, "schedule.every", schedule.every(), "the step schedule");
                    onlyFor(problems, "schedule.minLearningRate", schedule.minLearningRate(), "the cosine schedule");
                }
                case "cosine" -> {
                    onlyFor(problems, "schedule.factor", schedule.factor(), "the step schedule");
                    onlyFor(problems, "schedule.every", schedule.every(), "the step schedule");
                    onlyFor(problems, "schedule.gamma", schedule.gamma(), "the exponential schedule");
                    if (schedule.minLearningRate() != null && r.learningRate() != null
                            && schedule.minLearningRate() > r.learningRate()) {
                        problems.add(new FieldProblem("schedule.minLearningRate", "must not exceed learningRate"));
                    }
                }
                default -> problems.add(new FieldProblem("schedule.type", "unknown schedule '" + schedule.type()
                        + "'; expected one of constant, step, exponential, cosine"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }

    static OptimizerOptions optimizer(CreateJobRequest r) {
        OptimizerOptions d = OptimizerOptions.defaults(r.optimizer());
        return new OptimizerOptions(d.name(),
                or(r.momentum(), d.momentum()), Boolean.TRUE.equals(r.nesterov()),
                or(r.beta1(), d.beta1()), or(r.beta2(), d.beta2()), or(r.epsilon(), d.epsilon()), or(r.rho(), d.rho()));
    }

    static TrainingOptions options(CreateJobRequest r) {
        EarlyStopping earlyStopping = r.earlyStopping() == null ? null
                : new EarlyStopping(r.earlyStopping().patience(), r.earlyStopping().minDelta() == null ? 0 : r.earlyStopping().minDelta());
        return new TrainingOptions(r.epochs(), schedule(r), r.batchSize(), r.shuffle(), r.seed(),
                or(r.l2(), 0f), or(r.validationSplit(), 0f), earlyStopping);
    }

    static LearningRateSchedule schedule(CreateJobRequest r) {
        float lr = r.learningRate().floatValue();
        CreateJobRequest.Schedule s = r.schedule();
        if (s == null) {
            return Schedules.constant(lr);
        }
        return switch (s.type()) {
            case "step" -> Schedules.step(lr, s.factor().floatValue(), s.every());
            case "exponential" -> Schedules.exponential(lr, s.gamma().floatValue());
            case "cosine" -> Schedules.cosine(lr, or(s.minLearningRate(), 0f), r.epochs());
            default -> Schedules.constant(lr);
        };
    }

    /** Zero momentum is no momentum: a client sending the neutral value is not refused. */
    private static Double positive(Double value) {
        return value == null || value == 0 ? null : value;
    }

    private static float or(Double value, float fallback) {
        return value == null ? fallback : value.floatValue();
    }

    private static void onlyFor(List<FieldProblem> problems, String field, Object value, String owner) {
        if (value != null) {
            problems.add(new FieldProblem(field, "applies to " + owner + " only"));
        }
    }

    private static void required(List<FieldProblem> problems, String field, Object value, String what) {
        if (value == null) {
            problems.add(new FieldProblem(field, "is required: " + what));
        }
    }
}
