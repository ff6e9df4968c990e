package io.wipetrace.gateway.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes on one device that are not custody steps: purging its personal data (destroying the device's data key, then
 * {@code PurgePersonalData} on the ledger).
 */
@RestController
@RequestMapping("/api/v1/devices")
@Tag(name = "Devices")
@Validated
class DeviceController {

    private final DeviceWrites device;
    private final IdempotentWrites writes;
    private final DeviceKeyStore keys;

    DeviceController(final DeviceWrites device, final IdempotentWrites writes,
            final DeviceKeyStore keys) {
        this.device = device;
        this.writes = writes;
        this.keys = keys;
    }

    record DeviceWriteResponse(DeviceView device, LedgerReference ledger) {}

    @PostMapping("/{deviceId}/personal-data/purge")
    @Operation(summary = "Purge the device's personal data",
            description = "Only the collecting organisation; the hash stays on the channel as evidence. The device's"
                    + " data key is destroyed first: from then on its sealed personal data and its identifier"
                    + " commitment can be opened or tested by nobody, even if the ledger write fails (retry it).")
    ResponseEntity<DeviceWriteResponse> purge(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId) {
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/devices/{id}/personal-data/purge",
                Map.of("deviceId", deviceId), HttpStatus.OK, DeviceWriteResponse.class, context -> {
                    // Crypto-erasure first: a purge that fails after this leaves the data unreadable, and retryable.
                    keys.destroy(principal.organisation(), deviceId);
                    final DeviceWrites.Written<DeviceView> purged = device.submit(principal.organisation(),
                            context.journal("purge"), DeviceView.class, "PurgePersonalData", deviceId);
                    return new DeviceWriteResponse(purged.result(), purged.ledger());
                });
    }
}
