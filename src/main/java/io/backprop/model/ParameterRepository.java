package io.backprop.model;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.backprop.engine.Float32Bytes;

/**
 * Parameter versions as little-endian float32 blobs, read and written with plain JDBC: a blob of
 * millions of floats has no business in a persistence context.
 */
@Repository
class ParameterRepository {

    private final JdbcClient jdbc;

    ParameterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String modelId, int version, float[] parameters, String jobId, Instant createdAt) {
        jdbc.sql("insert into model_parameters (model_id, version, job_id, data, created_at) values (?, ?, ?, ?, ?)")
                .params(modelId, version, jobId, Float32Bytes.encode(parameters), Timestamp.from(createdAt))
                .update();
    }

    Optional<float[]> find(String modelId, int version) {
        return jdbc.sql("select data from model_parameters where model_id = ? and version = ?")
                .params(modelId, version)
                .query((rs, row) -> Float32Bytes.decode(rs.getBytes(1)))
                .optional();
    }
}
