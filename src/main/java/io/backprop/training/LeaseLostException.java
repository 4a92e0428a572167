package io.backprop.training;

/**
 * This instance no longer holds a job's lease (it was too slow to renew it and another instance took
 * the job over, or the job ended). Whatever it computed since must not be written.
 */
class LeaseLostException extends RuntimeException {

    LeaseLostException(String jobId) {
        super("the lease of job " + jobId + " was lost");
    }
}
