package io.wipetrace.gateway.projection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One organisation's figures, from the read model.
 *
 * @param mspId the organisation
 * @param devicesHeldByState devices it holds now, per state
 * @param handoversSent handovers it offered, per status (PENDING, ACCEPTED, REJECTED)
 * @param handoversReceived handovers offered to it, per status
 * @param erasuresByResult erasures it recorded, per result
 * @param lots the smelting lots it closed
 */
public record PartnerFigures(
        String mspId,
        Map<String, Long> devicesHeldByState,
        Map<String, Long> handoversSent,
        Map<String, Long> handoversReceived,
        Map<String, Long> erasuresByResult,
        Lots lots) {

    /**
     * The share of the handovers offered to this organisation that it rejected: REJECTED over all offered to it
     * (pending, accepted and rejected), from 0 to 1.
     *
     * @return the share, or {@code null} when none was offered to it
     */
    @JsonProperty("handoverRejectionRate")
    public Double handoverRejectionRate() {
        final long offered = handoversReceived.values().stream().mapToLong(Long::longValue).sum();
        return offered == 0 ? null : (double) handoversReceived.getOrDefault("REJECTED", 0L) / offered;
    }

    /**
     * The erasures it recorded, by outcome: ERASED, ERASED_WITH_EXCEPTIONS (some areas could not be erased) and
     * NOT_ERASED (a failed wipe), each 0 when none.
     *
     * @return the three counts, in that order of keys
     */
    @JsonProperty("erasureOutcomes")
    public Map<String, Long> erasureOutcomes() {
        final Map<String, Long> outcomes = new java.util.LinkedHashMap<>();
        for (final String result : List.of("ERASED", "ERASED_WITH_EXCEPTIONS", "NOT_ERASED")) {
            outcomes.put(result, erasuresByResult.getOrDefault(result, 0L));
        }
        return outcomes;
    }

    /**
     * Smelting lots.
     *
     * @param count how many
     * @param devices how many devices went into them
     * @param inputWeightGrams their declared input weight
     * @param outputWeightGrams their declared output weight
     */
    public record Lots(long count, long devices, long inputWeightGrams, long outputWeightGrams) {}
}
