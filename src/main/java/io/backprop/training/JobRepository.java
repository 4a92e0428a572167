package io.backprop.training;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface JobRepository extends JpaRepository<Job, String> {

    @Query("""
            select j from Job j
            where (:status is null or j.status = :status) and (:modelId is null or j.modelId = :modelId)
            order by j.createdAt desc, j.id desc""")
    List<Job> search(JobStatus status, String modelId, Pageable page);

    /** The oldest queued jobs, in the order they should run. */
    List<Job> findTop8ByStatusOrderByCreatedAtAscIdAsc(JobStatus status);

    /** Claims a queued job for this instance: 1 if it was still queued, 0 if another claim or a cancel won. */
    @Modifying
    @Query("update Job j set j.status = io.backprop.training.JobStatus.RUNNING, j.startedAt = :now "
            + "where j.id = :id and j.status = io.backprop.training.JobStatus.QUEUED")
    int claim(String id, Instant now);

    @Modifying
    @Query("update Job j set j.status = io.backprop.training.JobStatus.FAILED, j.error = :error, j.finishedAt = :now "
            + "where j.status = io.backprop.training.JobStatus.RUNNING")
    int failAllRunning(String error, Instant now);

    @Modifying(clearAutomatically = true)
    @Query("update Job j set j.status = io.backprop.training.JobStatus.CANCELLED, j.finishedAt = :now "
            + "where j.id = :id and j.status = io.backprop.training.JobStatus.QUEUED")
    int cancelQueued(String id, Instant now);

    @Modifying(clearAutomatically = true)
    @Query("update Job j set j.cancelRequested = true where j.id = :id")
    int requestCancel(String id);

    boolean existsByModelIdAndStatusIn(String modelId, Collection<JobStatus> statuses);

    boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<JobStatus> statuses);
}
