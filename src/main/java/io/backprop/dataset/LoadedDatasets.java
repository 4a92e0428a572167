package io.backprop.dataset;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The last few datasets loaded whole, kept so that the next job or evaluation on one of them does not read
 * it from the database again. Loading Fashion-MNIST's 60,000 × 784 from H2 took about a quarter of a second
 * and left some 700 MB of garbage; under -Xmx1g its humongous arrays then started a concurrent G1 cycle
 * during about every other job's first epoch, which ran 60–70 ms slower than the next ones.
 *
 * <p>An entry is only a hint: it is returned for a dataset id only while the stored row still has the same
 * content hash, so a dataset deleted (and its id somehow reused) is never served from here. Held by soft
 * references, so that the heap gives them back before it runs out. The arrays are shared between callers,
 * which only read them.
 */
final class LoadedDatasets {

    private final int capacity;
    private final Deque<SoftReference<DatasetMatrices>> recent = new ArrayDeque<>(); // most recent first

    LoadedDatasets(int capacity) {
        this.capacity = capacity;
    }

    /** The dataset loaded earlier under this id with this content hash, now the most recent, or null. */
    synchronized DatasetMatrices get(String id, String contentHash) {
        for (var iterator = recent.iterator(); iterator.hasNext(); ) {
            SoftReference<DatasetMatrices> reference = iterator.next();
            DatasetMatrices data = reference.get();
            if (data == null) {
                iterator.remove();
            } else if (data.id().equals(id) && Objects.equals(data.contentHash(), contentHash)) {
                iterator.remove();
                recent.addFirst(reference);
                return data;
            }
        }
        return null;
    }

    synchronized void put(DatasetMatrices data) {
        forget(data.id());
        recent.addFirst(new SoftReference<>(data));
        while (recent.size() > capacity) {
            recent.removeLast();
        }
    }

    /** Drops the entry of this dataset id, if any, and those the heap has already cleared. */
    synchronized void forget(String id) {
        recent.removeIf(reference -> {
            DatasetMatrices held = reference.get();
            return held == null || held.id().equals(id);
        });
    }
}
