package io.backprop.training;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface JobEpochRepository extends JpaRepository<JobEpoch, JobEpoch.Key> {

    List<JobEpoch> findByJobIdOrderByEpoch(String jobId);

    Optional<JobEpoch> findByJobIdAndEpoch(String jobId, int epoch);

    /** Forgets the epochs a resumed job will train again: those after its checkpoint. */
    @Modifying
    @Query("delete from JobEpoch e where e.jobId = :jobId and e.epoch > :epoch")
    int deleteAfter(String jobId, int epoch);
}
