package io.backprop.dataset;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVRecord;

/**
 * A CSV's records, tokenised by commons-csv on a thread of their own and handed to the caller in batches,
 * so that the caller's turning of fields into numbers runs beside the tokenising instead of after it. Both
 * halves are about as costly (47 million fields for Fashion-MNIST), and one thread did them in 8.2–8.5 s
 * on a Zen 1 host, over the 6 s that a 60,000-row upload should take.
 *
 * <p>Order and errors are the sequential reader's: batches arrive in the file's order, and what the
 * tokeniser throws (a malformed CSV) is thrown again by {@link #next} after the batches read before it,
 * so the caller still meets the first bad line first. {@link #close} stops the tokeniser at its next
 * hand-over, as a caller that found a bad value needs.
 */
final class CsvRecordBatches implements AutoCloseable {

    /** Records per hand-over: enough that the queue's locking costs nothing beside the fields. */
    private static final int BATCH = 256;
    /** Batches read ahead at most, so a large upload is not buffered whole. */
    private static final int AHEAD = 8;
    private static final Object END = new Object();

    /** What the tokeniser threw: an unchecked exception, or an error (an OutOfMemoryError must not leave the caller waiting). */
    private record Failure(Throwable thrown) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread tokeniser;
    private volatile boolean closed;

    CsvRecordBatches(Iterator<CSVRecord> records) {
        tokeniser = Thread.ofPlatform().daemon().name("csv-tokeniser").start(() -> tokenise(records));
    }

    /** The next records in the file's order, or null after the last; throws what the tokeniser threw. */
    @SuppressWarnings("unchecked")
    List<CSVRecord> next() {
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the CSV", e);
        }
        if (item == END) {
            queue.add(END); // the end stays the end
            return null;
        }
        if (item instanceof Failure failure) {
            queue.add(item);
            if (failure.thrown() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure.thrown();
        }
        return (List<CSVRecord>) item;
    }

    @Override
    public void close() {
        closed = true;
        tokeniser.interrupt();
        queue.clear();
    }

    private void tokenise(Iterator<CSVRecord> records) {
        try {
            List<CSVRecord> batch = new ArrayList<>(BATCH);
            while (!closed && records.hasNext()) {
                batch.add(records.next());
                if (batch.size() == BATCH) {
                    handOver(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                handOver(batch);
            }
            handOver(END);
        } catch (RuntimeException | Error e) {
            handOver(new Failure(e));
        }
    }

    private void handOver(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed: the caller wants no more
        }
    }
}
