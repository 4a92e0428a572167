package io.backprop.dataset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.backprop.engine.Float32Bytes;

/**
 * The numbers of a dataset as consecutive chunks of whole rows, little-endian float32, one sequence
 * per matrix ({@code X} features, {@code Y} targets). Plain JDBC: chunks stream in and out one at a
 * time, so memory stays bounded by a chunk on the way in.
 */
@Repository
class ChunkRepository {

    static final char FEATURES = 'X';
    static final char TARGETS = 'Y';

    private final JdbcClient jdbc;

    ChunkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a chunk and returns the bytes it stored. */
    byte[] insert(String datasetId, char kind, int index, int rows, float[] values, int length) {
        byte[] bytes = Float32Bytes.encode(values, 0, length);
        jdbc.sql("insert into dataset_chunks (dataset_id, kind, chunk_index, row_count, data) values (?, ?, ?, ?, ?)")
                .params(datasetId, String.valueOf(kind), index, rows, bytes)
                .update();
        return bytes;
    }

    /** Fills {@code target} with the matrix's chunks in order; returns how many floats were read. */
    int readInto(String datasetId, char kind, float[] target) {
        int[] offset = {0};
        jdbc.sql("select data from dataset_chunks where dataset_id = ? and kind = ? order by chunk_index")
                .params(datasetId, String.valueOf(kind))
                .query(rs -> {
                    byte[] bytes = rs.getBytes(1);
                    Float32Bytes.decodeInto(bytes, target, offset[0]);
                    offset[0] += bytes.length / Float.BYTES;
                });
        return offset[0];
    }
}
