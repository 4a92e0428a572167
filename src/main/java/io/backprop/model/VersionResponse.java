package io.backprop.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/** One parameter version as GET /models/{id} lists it: when, and from what (null fields for imports). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionResponse(int version, Instant createdAt, String source, String jobId, String datasetId,
                              String datasetHash, Integer bestEpoch, JsonNode options) {
}
