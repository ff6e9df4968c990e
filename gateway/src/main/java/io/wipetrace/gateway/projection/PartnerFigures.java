package io.wipetrace.gateway.projection;

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
     * Smelting lots.
     *
     * @param count how many
     * @param devices how many devices went into them
     * @param inputWeightGrams their declared input weight
     * @param outputWeightGrams their declared output weight
     */
    public record Lots(long count, long devices, long inputWeightGrams, long outputWeightGrams) {}
}
