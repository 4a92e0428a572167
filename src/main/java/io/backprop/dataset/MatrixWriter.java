package io.backprop.dataset;

/**
 * Receives the values of a matrix row by row and writes it out in chunks of whole rows as it goes,
 * so an upload holds one chunk in memory, not the dataset. The width is fixed by the first row.
 */
final class MatrixWriter {

    /** About 4 MiB of float32 per chunk: large enough for few round trips, small enough to stream. */
    private static final int CHUNK_BYTES = 4 << 20;

    private final String datasetId;
    private final char kind;
    private final ChunkRepository chunks;
    private final ValueBudget budget;
    private int width = -1;
    private float[] buffer;
    private int filled;
    private int rowsInChunk;
    private int chunkIndex;
    private int rows;
    private int rowStart;
    private final java.security.MessageDigest digest = ContentHash.newDigest();

    MatrixWriter(String datasetId, char kind, ChunkRepository chunks, ValueBudget budget) {
        this.datasetId = datasetId;
        this.kind = kind;
        this.chunks = chunks;
        this.budget = budget;
    }

    /** Fixes the width before the first row, for sources that know it up front (CSV headers). */
    void setWidth(int width) {
        this.width = width;
        int rowsPerChunk = Math.max(1, CHUNK_BYTES / (Float.BYTES * width));
        buffer = new float[rowsPerChunk * width];
    }

    /** Starts a row; {@link #add} its values, then {@link #endRow} returns how many values it had. */
    void startRow() {
        rowStart = filled;
        if (buffer == null) {
            buffer = new float[1024];
        }
    }

    void add(float value) {
        if (filled == buffer.length) {
            if (width < 0) {
                // The first row is still being read: its width is not known yet, so grow.
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            } else {
                throw new IllegalStateException("row wider than " + width);
            }
        }
        buffer[filled++] = value;
    }

    /** Number of values in the row being read; a caller checks it against {@link #width()} before adding more. */
    int valuesInRow() {
        return filled - rowStart;
    }

    void endRow() {
        int length = filled - rowStart;
        if (width < 0) {
            float[] first = java.util.Arrays.copyOf(buffer, length);
            setWidth(length);
            System.arraycopy(first, 0, buffer, 0, length);
        }
        budget.spend(length);
        rows++;
        rowsInChunk++;
        if (filled + width > buffer.length) {
            flush();
        }
    }

    void finish() {
        if (rowsInChunk > 0) {
            flush();
        }
    }

    private void flush() {
        byte[] bytes = chunks.insert(datasetId, kind, chunkIndex++, rowsInChunk, buffer, filled);
        digest.update(bytes);
        filled = 0;
        rowsInChunk = 0;
    }

    /** SHA-256 of the matrix's float32 bytes in row order; call once, after {@link #finish}. */
    byte[] digest() {
        return digest.digest();
    }

    int width() {
        return width;
    }

    int rows() {
        return rows;
    }
}
