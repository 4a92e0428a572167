package io.backprop.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.backprop.engine.Float32Bytes;

/**
 * The numbers of a dataset as consecutive chunks of whole rows, one sequence per matrix ({@code X} features,
 * {@code Y} targets): little-endian float32, or one byte per number where every number of the chunk is a
 * pixel, scaled or raw (see {@link PixelBytes}): the 188 MB of Fashion-MNIST's training images then take 47 MB. Plain
 * JDBC: chunks stream in and out one at a time, so memory stays bounded by a chunk on the way in.
 */
@Repository
class ChunkRepository {

    static final char FEATURES = 'X';
    static final char TARGETS = 'Y';

    /** A multiple of 4, so that every read but a chunk's last fills it with whole floats. */
    private static final int READ_BUFFER_BYTES = 64 << 10;
    /** What reading a chunk index past the last one gives. */
    private static final int NO_CHUNK = -1;

    private final JdbcClient jdbc;

    ChunkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a chunk of values[0 .. length), as pixel bytes where they all are pixels of one kind, else as
     * float32; returns its float32 bytes either way (what the dataset's content hash is of).
     */
    byte[] insert(String datasetId, char kind, int index, int rows, float[] values, int length) {
        byte[] float32 = Float32Bytes.encode(values, 0, length);
        byte[] stored = float32;
        String encoding = PixelBytes.FLOAT32;
        for (PixelBytes pixels : PixelBytes.values()) {
            byte[] bytes = pixels.encodeOrNull(values, length);
            if (bytes != null) {
                stored = bytes;
                encoding = pixels.encoding;
                break;
            }
        }
        jdbc.sql("insert into dataset_chunks (dataset_id, kind, chunk_index, row_count, data, encoding) values (?, ?, ?, ?, ?, ?)")
                .params(datasetId, String.valueOf(kind), index, rows, stored, encoding)
                .update();
        return float32;
    }

    /**
     * Fills {@code target} with the matrix's chunks in order; returns how many floats were read.
     *
     * <p>One query per chunk, each read as a stream through a small buffer: one query for all of them made
     * H2 hold every chunk of the result at once and {@code getBytes} copy each, so loading a 188 MB matrix
     * took some 400 MB more on the heap for a moment, and a job under {@code -Xmx1g} brushed its limit.
     */
    int readInto(String datasetId, char kind, float[] target) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        int offset = 0;
        for (int index = 0; ; index++) {
            int at = offset;
            int read = jdbc.sql("select encoding, data from dataset_chunks where dataset_id = ? and kind = ? and chunk_index = ?")
                    .params(datasetId, String.valueOf(kind), index)
                    .query(rs -> rs.next() ? decodeInto(rs.getString(1), rs.getBinaryStream(2), buffer, target, at) : NO_CHUNK);
            if (read == NO_CHUNK) {
                return offset;
            }
            offset += read;
        }
    }

    /** Decodes a chunk's stream, stored in {@code encoding}, into target[at..] through {@code buffer}; returns the floats it held. */
    private static int decodeInto(String encoding, InputStream chunk, byte[] buffer, float[] target, int at) {
        PixelBytes pixels = PixelBytes.named(encoding); // null for float32
        try (chunk) {
            int floats = 0;
            for (int n; (n = chunk.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                if (pixels != null) {
                    pixels.decodeInto(buffer, n, target, at + floats);
                    floats += n;
                } else {
                    Float32Bytes.decodeInto(buffer, n, target, at + floats);
                    floats += n / Float.BYTES;
                }
            }
            return floats;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a dataset chunk", e);
        }
    }
}
