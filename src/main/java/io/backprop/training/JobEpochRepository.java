package io.backprop.training;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface JobEpochRepository extends JpaRepository<JobEpoch, JobEpoch.Key> {

    List<JobEpoch> findByJobIdOrderByEpoch(String jobId);

    java.util.Optional<JobEpoch> findByJobIdAndEpoch(String jobId, int epoch);
}
