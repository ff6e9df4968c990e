package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.projection.DeviceSummary;
import java.util.List;

/**
 * A device's full history read from the ledger, with the projection's view beside it.
 *
 * @param deviceId the device
 * @param ledger the events as {@code device:GetHistory} returns them, oldest first (empty if the ledger has no such
 *     device)
 * @param projection what the projection holds
 * @param consistent whether the projection's events are exactly the ledger's
 * @param differences what differs, in words (empty when consistent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditDeviceView(
        String deviceId, List<JsonNode> ledger, ProjectionView projection, boolean consistent, List<String> differences) {

    /**
     * The projection's side.
     *
     * @param projectedToBlock the last block projected when this was read
     * @param device the read model's row, or {@code null} if it has none
     * @param events the events it holds, oldest first
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProjectionView(long projectedToBlock, DeviceSummary device, List<JsonNode> events) {}
}
