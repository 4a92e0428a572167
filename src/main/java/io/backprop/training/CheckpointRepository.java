package io.backprop.training;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.backprop.engine.Float32Bytes;
import io.backprop.engine.OptimizerState;
import io.backprop.engine.TrainingCheckpoint;

/** The latest checkpoint of each running job, float arrays as little-endian float32 blobs. */
@Repository
class CheckpointRepository {

    private final JdbcClient jdbc;

    CheckpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the job's checkpoint; called in the transaction that records the same epoch. */
    void save(String jobId, TrainingCheckpoint c, Instant now) {
        delete(jobId);
        OptimizerState best = c.bestOptimizerState();
        jdbc.sql("""
                insert into job_checkpoints (job_id, epochs_completed, parameters, optimizer, optimizer_step, optimizer_state,
                    best_epoch, best_cost, best_parameters, best_optimizer_step, best_optimizer_state,
                    epochs_without_improvement, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(jobId, c.epochsCompleted(), Float32Bytes.encode(c.parameters()), c.optimizerState().optimizer(),
                        c.optimizerState().step(), Float32Bytes.encode(c.optimizerState().values()), c.bestEpoch(),
                        // +∞ (no best yet) is not portable SQL: stored as the largest double instead
                        Double.isInfinite(c.bestCost()) ? Double.MAX_VALUE : c.bestCost(),
                        c.bestParameters() == null ? null : Float32Bytes.encode(c.bestParameters()),
                        best == null ? null : best.step(), best == null ? null : Float32Bytes.encode(best.values()),
                        c.epochsWithoutImprovement(), Timestamp.from(now))
                .update();
    }

    Optional<TrainingCheckpoint> find(String jobId) {
        return jdbc.sql("select * from job_checkpoints where job_id = ?").param(jobId)
                .query((rs, row) -> read(rs)).optional();
    }

    void delete(String jobId) {
        jdbc.sql("delete from job_checkpoints where job_id = ?").param(jobId).update();
    }

    private static TrainingCheckpoint read(ResultSet rs) throws SQLException {
        String optimizer = rs.getString("optimizer");
        byte[] bestParameters = rs.getBytes("best_parameters");
        double bestCost = rs.getDouble("best_cost");
        return new TrainingCheckpoint(rs.getInt("epochs_completed"), Float32Bytes.decode(rs.getBytes("parameters")),
                new OptimizerState(optimizer, rs.getLong("optimizer_step"), Float32Bytes.decode(rs.getBytes("optimizer_state"))),
                rs.getInt("best_epoch"), bestCost == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : bestCost,
                bestParameters == null ? null : Float32Bytes.decode(bestParameters),
                bestParameters == null ? null : new OptimizerState(optimizer, rs.getLong("best_optimizer_step"),
                        Float32Bytes.decode(rs.getBytes("best_optimizer_state"))),
                rs.getInt("epochs_without_improvement"));
    }
}
