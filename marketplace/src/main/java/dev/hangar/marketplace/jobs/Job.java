package dev.hangar.marketplace.jobs;

import java.util.UUID;

/**
 * A job a worker has taken.
 *
 * @param id job id
 * @param subjectId what the job works on (a deployment id)
 * @param kind what to do
 * @param attempts how many times the job has been taken, this time included
 * @param recovered true when the previous holder's lease ran out (it died mid-job)
 */
public record Job(UUID id, UUID subjectId, String kind, int attempts, boolean recovered) {}
