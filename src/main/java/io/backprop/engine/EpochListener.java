package io.backprop.engine;

/** Told of each finished epoch, on the training thread, before the next epoch begins. */
@FunctionalInterface
public interface EpochListener {

    void onEpoch(EpochResult result);
}
