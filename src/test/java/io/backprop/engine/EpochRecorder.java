package io.backprop.engine;

import java.util.ArrayList;
import java.util.List;

/** Epoch results in order, and optionally the trainer's checkpoint at each epoch end. */
final class EpochRecorder implements EpochListener {

    final List<EpochResult> epochs = new ArrayList<>();
    final List<TrainingCheckpoint> checkpoints = new ArrayList<>();
    private Trainer checkpointed;

    /** Also takes {@code trainer.checkpoint()} at every epoch end. */
    EpochRecorder checkpointing(Trainer trainer) {
        this.checkpointed = trainer;
        return this;
    }

    @Override
    public void onEpoch(EpochResult result) {
        epochs.add(result);
        if (checkpointed != null) {
            checkpoints.add(checkpointed.checkpoint());
        }
    }

    int size() {
        return epochs.size();
    }

    List<Double> costs() {
        return epochs.stream().map(EpochResult::cost).toList();
    }

    List<Double> validationCosts() {
        return epochs.stream().map(EpochResult::validationCost).toList();
    }

    /** The checkpoint taken at the end of a 1-based epoch. */
    TrainingCheckpoint checkpointAt(int epoch) {
        return checkpoints.get(epoch - 1);
    }
}
