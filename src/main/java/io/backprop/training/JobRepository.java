package io.backprop.training;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Jobs, and the leases through which instances share them. Every change of owner is one conditional
 * update whose row count says who won, so two instances on one database never train the same job.
 */
interface JobRepository extends JpaRepository<Job, String> {

    @Query("""
            select j from Job j
            where (:status is null or j.status = :status) and (:modelId is null or j.modelId = :modelId)
            order by j.createdAt desc, j.id desc""")
    List<Job> search(JobStatus status, String modelId, Pageable page);

    /** The oldest queued jobs, in the order they should run. */
    List<Job> findTop8ByStatusOrderByCreatedAtAscIdAsc(JobStatus status);

    /** Claims a queued job for {@code instance}: 1 if it was still queued, 0 if another claim or a cancel won. */
    @Modifying
    @Query("update Job j set j.status = io.backprop.training.JobStatus.RUNNING, j.startedAt = :now, "
            + "j.claimedBy = :instance, j.heartbeatAt = :now "
            + "where j.id = :id and j.status = io.backprop.training.JobStatus.QUEUED")
    int claim(String id, String instance, Instant now);

    /** Running jobs whose lease has lapsed (their instance died, or released them at shutdown), oldest first. */
    @Query("select j.id from Job j where j.status = io.backprop.training.JobStatus.RUNNING "
            + "and (j.heartbeatAt is null or j.heartbeatAt < :staleBefore) order by j.createdAt, j.id")
    List<String> findStale(Instant staleBefore, Pageable page);

    /** Takes over a job whose lease lapsed; the same condition in the update makes the takeover race-free. */
    @Modifying
    @Query("update Job j set j.claimedBy = :instance, j.heartbeatAt = :now "
            + "where j.id = :id and j.status = io.backprop.training.JobStatus.RUNNING "
            + "and (j.heartbeatAt is null or j.heartbeatAt < :staleBefore)")
    int takeOver(String id, String instance, Instant now, Instant staleBefore);

    /** Renews a lease this instance holds: 0 means the job ended or was taken over. */
    @Modifying
    @Query("update Job j set j.heartbeatAt = :now where j.id = :id and j.claimedBy = :instance "
            + "and j.status = io.backprop.training.JobStatus.RUNNING")
    int renew(String id, String instance, Instant now);

    /** Gives a running job's lease up at shutdown, so that any instance resumes it at once. */
    @Modifying
    @Query("update Job j set j.claimedBy = null, j.heartbeatAt = null where j.id = :id and j.claimedBy = :instance "
            + "and j.status = io.backprop.training.JobStatus.RUNNING")
    int release(String id, String instance);

    @Modifying(clearAutomatically = true)
    @Query("update Job j set j.status = io.backprop.training.JobStatus.CANCELLED, j.finishedAt = :now "
            + "where j.id = :id and j.status = io.backprop.training.JobStatus.QUEUED")
    int cancelQueued(String id, Instant now);

    @Modifying(clearAutomatically = true)
    @Query("update Job j set j.cancelRequested = true where j.id = :id")
    int requestCancel(String id);

    long countByStatus(JobStatus status);

    boolean existsByModelIdAndStatusIn(String modelId, Collection<JobStatus> statuses);

    boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<JobStatus> statuses);
}
