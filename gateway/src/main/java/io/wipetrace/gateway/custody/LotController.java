package io.wipetrace.gateway.custody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Smelting lots: a smelter closes a lot over devices whose storage was destroyed. */
@RestController
@RequestMapping("/api/v1/lots")
@Tag(name = "Smelting lots")
class LotController {

    private final DeviceWrites device;
    private final IdempotentWrites writes;

    LotController(final DeviceWrites device, final IdempotentWrites writes) {
        this.device = device;
        this.writes = writes;
    }

    record LotRequest(
            @NotBlank @Pattern(regexp = HandoverController.ID) String lotId,
            @NotNull @NotEmpty @Size(max = 500) List<@NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String> deviceIds,
            @NotNull @Min(1) @Max(500) Integer inputCount,
            @NotNull @Min(1) @Max(1_000_000_000_000L) Long inputWeightGrams,
            @NotNull @Min(0) @Max(1_000_000_000_000L) Long outputWeightGrams,
            @NotBlank @Pattern(regexp = HandoverController.ID) String siteId) {}

    record LotView(String lotId, List<String> deviceIds, Integer inputCount, Long inputWeightGrams,
            Long outputWeightGrams, String siteId, String smelterMspId, String closedAt, String txId) {}

    record LotResponse(LotView lot, LedgerReference ledger) {}

    @PostMapping
    @Operation(summary = "Record a smelting lot", description = "Role SMELTER; the caller holds every device.")
    ResponseEntity<LotResponse> record(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final LotRequest request) {
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/lots", request,
                HttpStatus.CREATED, LotResponse.class, context -> {
                    final DeviceWrites.Written<LotView> lot = device.submit(principal.organisation(),
                            context.journal("lot"), "RecordSmeltingLot", request, LotView.class);
                    return new LotResponse(lot.result(), lot.ledger());
                });
    }
}
