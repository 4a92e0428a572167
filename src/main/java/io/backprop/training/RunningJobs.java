package io.backprop.training;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The jobs this instance is training, each with the flags its trainer polls at every mini-batch
 * boundary: a cancel from the API, this instance shutting down, or its lease lost to another instance.
 */
@Component
class RunningJobs {

    /** Why a running job should stop; read by the trainer thread, set by HTTP or shutdown threads. */
    static final class Control {
        private volatile boolean cancelled;
        private volatile boolean shuttingDown;
        private volatile boolean leaseLost;

        boolean stopRequested() {
            return cancelled || shuttingDown || leaseLost;
        }

        boolean isLeaseLost() {
            return leaseLost;
        }

        boolean isCancelled() {
            return cancelled;
        }

        boolean isShuttingDown() {
            return shuttingDown;
        }

        void cancel() {
            cancelled = true;
        }
    }

    private final Map<String, Control> controls = new ConcurrentHashMap<>();

    Control register(String jobId) {
        Control control = new Control();
        controls.put(jobId, control);
        return control;
    }

    void remove(String jobId) {
        controls.remove(jobId);
    }

    /** Asks a job running here to stop; a job running elsewhere sees the database flag at its next epoch end. */
    void cancel(String jobId) {
        Control control = controls.get(jobId);
        if (control != null) {
            control.cancel();
        }
    }

    /** The ids of the jobs training here now. */
    java.util.Set<String> ids() {
        return java.util.Set.copyOf(controls.keySet());
    }

    void leaseLost(String jobId) {
        Control control = controls.get(jobId);
        if (control != null) {
            control.leaseLost = true;
        }
    }

    void shutdownAll() {
        controls.values().forEach(c -> c.shuttingDown = true);
    }
}
