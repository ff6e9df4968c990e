package io.wipetrace.gateway.custody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.projection.EventDevices;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Corrections: a new event naming the event it corrects; nothing is rewritten. The writer of the original event
 * or a regulator may correct it.
 */
@RestController
@RequestMapping("/api/v1/corrections")
@Tag(name = "Corrections")
class CorrectionController {

    private final DeviceWrites device;
    private final IdempotentWrites writes;
    private final EventDevices events;

    CorrectionController(final DeviceWrites device, final IdempotentWrites writes, final EventDevices events) {
        this.device = device;
        this.writes = writes;
        this.events = events;
    }

    /**
     * @param deviceId the device the event is about; when left out, the read model's record of the event names it
     * @param eventId the event to correct, {@code txId:index}
     * @param reason why
     * @param correction the corrected values: any JSON object (at most 8 KiB, integers only)
     */
    record CorrectionRequest(
            @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9]{1,128}:[0-9]{1,6}") String eventId,
            @NotBlank @Size(max = 1024) String reason,
            @NotNull Map<String, Object> correction) {}

    /** CorrectEvent's argument: the chaincode looks for the event among the named device's events only. */
    record LedgerCorrection(String deviceId, String eventId, String reason, Map<String, Object> correction) {}

    record CorrectionResponse(Map<String, Object> event, LedgerReference ledger) {}

    @PostMapping
    @Operation(summary = "Correct an event", description = "Appends a CORRECTION event; the original stays. Without a"
            + " deviceId, the device is the one the read model holds the event for: if it does not hold the event, the"
            + " gateway waits (as Read-Your-Writes does) for it to catch up with the ledger, and an event it still does"
            + " not hold is 404 EVENT_NOT_FOUND.")
    ResponseEntity<CorrectionResponse> correct(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final CorrectionRequest request) {
        final String deviceId = deviceOf(request);
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/corrections", request,
                HttpStatus.CREATED, CorrectionResponse.class, context -> {
                    final LedgerCorrection correction = new LedgerCorrection(deviceId, request.eventId(),
                            request.reason(), request.correction());
                    @SuppressWarnings("unchecked")
                    final DeviceWrites.Written<Map<String, Object>> event = (DeviceWrites.Written<Map<String, Object>>)
                            (DeviceWrites.Written<?>) device.submit(principal.organisation(),
                                    context.journal("correct"), "CorrectEvent", correction, Map.class);
                    return new CorrectionResponse(event.result(), event.ledger());
                });
    }

    private String deviceOf(final CorrectionRequest request) {
        if (request.deviceId() != null) {
            return request.deviceId();
        }
        return events.deviceOf(request.eventId()).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "EVENT_NOT_FOUND", "the read model holds no event " + request.eventId() + " about a device, and it has"
                        + " caught up with the ledger or waited as long as it may; name the device in deviceId"));
    }
}
