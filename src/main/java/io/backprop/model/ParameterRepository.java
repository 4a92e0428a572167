package io.backprop.model;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.backprop.engine.Float32Bytes;
import io.backprop.engine.OptimizerState;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parameter versions as little-endian float32 blobs, read and written with plain JDBC: a blob of
 * millions of floats has no business in a persistence context.
 */
@Repository
class ParameterRepository {

    /** A stored version: its parameters and what it came from. */
    record Version(float[] parameters, VersionProvenance provenance) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ParameterRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(String modelId, int version, float[] parameters, VersionProvenance p, Instant createdAt) {
        OptimizerState state = p.optimizerState();
        jdbc.sql("""
                insert into model_parameters (model_id, version, job_id, data, created_at, dataset_id, dataset_hash, options,
                    best_epoch, class_names, optimizer, optimizer_step, optimizer_state)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(modelId, version, p.jobId(), Float32Bytes.encode(parameters), Timestamp.from(createdAt),
                        p.datasetId(), p.datasetHash(), p.options(), p.bestEpoch(),
                        p.classNames() == null ? null : json.writeValueAsString(p.classNames()),
                        state == null ? null : state.optimizer(), state == null ? null : state.step(),
                        state == null ? null : Float32Bytes.encode(state.values()))
                .update();
    }

    Optional<Version> find(String modelId, int version) {
        return jdbc.sql("""
                select data, job_id, dataset_id, dataset_hash, options, best_epoch, class_names, optimizer, optimizer_step,
                    optimizer_state
                from model_parameters where model_id = ? and version = ?""")
                .params(modelId, version)
                .query((rs, row) -> new Version(Float32Bytes.decode(rs.getBytes("data")), provenance(rs, true)))
                .optional();
    }

    /** Every version of a model, newest first, without the parameters. */
    List<VersionResponse> list(String modelId) {
        return jdbc.sql("""
                select version, created_at, job_id, dataset_id, dataset_hash, options, best_epoch
                from model_parameters where model_id = ? order by version desc""")
                .param(modelId)
                .query((rs, row) -> {
                    String options = rs.getString("options");
                    String jobId = rs.getString("job_id");
                    return new VersionResponse(rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                            jobId == null ? "import" : "job", jobId, rs.getString("dataset_id"), rs.getString("dataset_hash"),
                            (Integer) rs.getObject("best_epoch", Integer.class),
                            options == null ? null : json.readTree(options));
                })
                .list();
    }

    private VersionProvenance provenance(ResultSet rs, boolean withState) throws SQLException {
        String classNames = rs.getString("class_names");
        String optimizer = rs.getString("optimizer");
        OptimizerState state = withState && optimizer != null
                ? new OptimizerState(optimizer, rs.getLong("optimizer_step"), Float32Bytes.decode(rs.getBytes("optimizer_state")))
                : null;
        return new VersionProvenance(rs.getString("job_id"), rs.getString("dataset_id"), rs.getString("dataset_hash"),
                rs.getString("options"), rs.getObject("best_epoch", Integer.class),
                classNames == null ? null : json.readValue(classNames, new TypeReference<List<String>>() { }),
                state);
    }
}
