/**
 * The neural-network engine: fully connected networks in float32, trained by mini-batch backpropagation.
 * Plain Java, no framework.
 *
 * <p>Conventions: matrices are row-major and batch-major (a mini-batch is a rows × features block of one
 * {@code float[]}); parameters, gradients and optimizer state are each one flat buffer in the layout
 * described by {@link io.backprop.engine.Network}; a buffer named {@code dX} holds ∂L/∂X of the mean
 * batch loss (see {@code Loss}); all matrix products go through {@link io.backprop.engine.Matrices}.
 *
 * <p>Entry points: {@link io.backprop.engine.NetworkSpec} (validation), {@link io.backprop.engine.Network}
 * (parameters and inference), {@link io.backprop.engine.Trainer} (training, with
 * {@link io.backprop.engine.TrainingOptions}, {@link io.backprop.engine.Optimizers},
 * {@link io.backprop.engine.Schedules}, and {@link io.backprop.engine.TrainingCheckpoint} to resume).
 */
package io.backprop.engine;
