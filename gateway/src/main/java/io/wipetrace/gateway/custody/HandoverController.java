package io.wipetrace.gateway.custody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.projection.BagDevices;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Handovers: the custodian offers devices to another organisation, which accepts or rejects them. */
@RestController
@RequestMapping("/api/v1/handovers")
@Tag(name = "Handovers")
@Validated
class HandoverController {

    static final String ID = Identifiers.ID;

    private final LedgerClient ledger;
    private final ChaincodeJson json;
    private final DeviceWrites device;
    private final IdempotentWrites writes;
    private final BagDevices bags;

    HandoverController(final LedgerClient ledger, final ChaincodeJson json, final DeviceWrites device,
            final IdempotentWrites writes, final BagDevices bags) {
        this.ledger = ledger;
        this.json = json;
        this.device = device;
        this.writes = writes;
        this.bags = bags;
    }

    /**
     * An offer of devices, or of a bag. {@code handoverId} is generated when absent.
     *
     * @param deviceIds 1 to 500 distinct devices the caller holds; or
     * @param bagId a bag: every device of it the caller holds and may hand over
     * @param toMspId the receiving organisation
     * @param toSiteId the receiver's site the devices go to
     */
    record OfferRequest(
            @Pattern(regexp = ID) String handoverId,
            @Size(min = 1, max = 500) List<@NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String> deviceIds,
            @Pattern(regexp = ID) String bagId,
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String toMspId,
            @NotBlank @Pattern(regexp = ID) String toSiteId,
            @Pattern(regexp = ID) String containerId,
            @Pattern(regexp = ID) String sealId,
            @Size(min = 1, max = 64) String waybill) {
        @jakarta.validation.constraints.AssertTrue(message = "give either deviceIds or bagId")
        boolean isOneSelection() {
            return (deviceIds == null) != (bagId == null);
        }
    }

    /** A page of {@code ListDevicesByCustodian}. */
    record CustodyPage(String bookmark, List<HeldDevice> devices) {}

    record HeldDevice(String deviceId, String bagId, String state, String pendingHandoverId) {}

    /** The devices of a bag, resolved once per request and remembered for retries. */
    record BagContents(List<String> deviceIds) {}

    /** The most devices one handover takes (the chaincode's limit too). */
    private static final int MAX_BAG = 500;

    private static final java.util.Set<String> OFFERABLE = java.util.Set.of("COLLECTED", "RECEIVED", "WIPED",
            "WIPE_FAILED", "DISMANTLED", "STORAGE_DESTROYED");

    record OfferHandover(String handoverId, List<String> deviceIds, String containerId, String toMspId,
            String toSiteId, String sealId, String waybill) {}

    /**
     * An acceptance, of all the handover or of part of it.
     *
     * @param sealIntact whether the seal was intact on arrival
     * @param note the receiver's note
     * @param missingDeviceIds the devices of the handover not found on arrival: each listed once, not all of them
     *     (accepting none is a rejection); each becomes MISSING in the sender's custody, an exception for the regulator
     */
    record AcceptRequest(
            @NotNull Boolean sealIntact,
            @Size(min = 1, max = 1024) String note,
            @Schema(description = "devices of the handover not found on arrival; absent or empty when all arrived")
            @Size(max = 500) List<@NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String> missingDeviceIds) {}

    record RejectRequest(@NotBlank @Size(max = 1024) String reason) {}

    /** A handover as the ledger holds it. */
    record HandoverView(String handoverId, String status, List<String> deviceIds, String containerId,
            String fromMspId, String toMspId, String toSiteId, String sealId, String waybill, String offeredAt,
            String closedAt, Boolean sealIntact, String note, String rejectionReason, List<String> acceptedDeviceIds,
            List<String> missingDeviceIds) {}

    record HandoverResponse(HandoverView handover, LedgerReference ledger) {}

    @PostMapping
    @Operation(summary = "Offer devices to another organisation")
    ResponseEntity<HandoverResponse> offer(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final OfferRequest request) {
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/handovers", request,
                HttpStatus.CREATED, HandoverResponse.class, context -> {
                    final String handoverId = request.handoverId() != null ? request.handoverId()
                            : context.rememberBeforeSubmit("handoverId", String.class,
                                    () -> "HO-" + UUID.randomUUID());
                    final List<String> devices = request.deviceIds() != null ? request.deviceIds()
                            : context.rememberBeforeSubmit("bag", BagContents.class,
                                    () -> bagContents(principal, request.bagId())).deviceIds();
                    final OfferHandover argument = new OfferHandover(handoverId, devices,
                            request.containerId(), request.toMspId(), request.toSiteId(), request.sealId(),
                            request.waybill());
                    return respond(device.submit(principal.organisation(), context.journal("offer"), "OfferHandover",
                            argument, HandoverView.class));
                });
    }

    @PostMapping("/{handoverId}/accept")
    @Operation(summary = "Accept a handover offered to the caller's organisation, all of it or the devices that arrived",
            description = "Devices listed in missingDeviceIds become MISSING in the sender's custody (a DEVICE_MISSING"
                    + " exception for the regulator). Refusals: MISSING_DEVICE_LISTED_TWICE,"
                    + " MISSING_DEVICE_NOT_IN_HANDOVER, MISSING_EVERY_DEVICE (422), NOT_RECEIVER (403),"
                    + " HANDOVER_NOT_FOUND (404), HANDOVER_CLOSED (409).")
    ResponseEntity<HandoverResponse> accept(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @PathVariable @Pattern(regexp = ID) final String handoverId,
            @Valid @RequestBody final AcceptRequest request) {
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/handovers/{id}/accept",
                Map.of("handoverId", handoverId, "request", request), HttpStatus.OK, HandoverResponse.class,
                context -> respond(device.submit(principal.organisation(), context.journal("accept"),
                        HandoverView.class, "AcceptHandover", handoverId, json.write(request))));
    }

    @PostMapping("/{handoverId}/reject")
    @Operation(summary = "Reject a handover offered to the caller's organisation")
    ResponseEntity<HandoverResponse> reject(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @PathVariable @Pattern(regexp = ID) final String handoverId,
            @Valid @RequestBody final RejectRequest request) {
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/handovers/{id}/reject",
                Map.of("handoverId", handoverId, "request", request), HttpStatus.OK, HandoverResponse.class,
                context -> respond(device.submit(principal.organisation(), context.journal("reject"),
                        HandoverView.class, "RejectHandover", handoverId, request.reason())));
    }

    /**
     * The devices of a bag that the caller holds and may offer: from the read model by bag, once it has reached the
     * caller's peer's height ({@link BagDevices}); if it has not within the read-your-writes bound, from the caller's
     * custody list on its own peer, a page at a time, which is linear in the caller's custody. The chaincode checks
     * every device of the offer either way.
     */
    private BagContents bagContents(final ApiPrincipal principal, final String bagId) {
        final List<String> found = bags.held(principal.organisation(), principal.mspId(), bagId, OFFERABLE,
                MAX_BAG + 1).orElseGet(() -> bagContentsOnLedger(principal, bagId));
        if (found.isEmpty()) {
            throw new io.wipetrace.gateway.web.ApiException(HttpStatus.NOT_FOUND, "BAG_NOT_FOUND",
                    "no device of bag " + bagId + " is held by " + principal.mspId() + " ready to hand over");
        }
        if (found.size() > MAX_BAG) {
            throw new io.wipetrace.gateway.web.ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "BAG_TOO_LARGE",
                    "bag " + bagId + " holds more than " + MAX_BAG + " devices; a handover takes at most " + MAX_BAG);
        }
        return new BagContents(List.copyOf(new java.util.TreeSet<>(found)));
    }

    /** The devices of a bag that the caller holds and may offer, from its custody list on its own peer. */
    private List<String> bagContentsOnLedger(final ApiPrincipal principal, final String bagId) {
        final List<String> found = new java.util.ArrayList<>();
        String bookmark = "";
        do {
            final CustodyPage page = json.read(ledger.evaluate(principal.organisation(), "device",
                    "ListDevicesByCustodian", principal.mspId(), "", "200", bookmark), CustodyPage.class);
            for (final HeldDevice device : page.devices()) {
                if (bagId.equals(device.bagId()) && OFFERABLE.contains(device.state())
                        && device.pendingHandoverId() == null) {
                    found.add(device.deviceId());
                }
            }
            bookmark = page.bookmark() == null ? "" : page.bookmark();
        } while (!bookmark.isEmpty());
        return found;
    }

    private static HandoverResponse respond(final DeviceWrites.Written<HandoverView> handover) {
        return new HandoverResponse(handover.result(), handover.ledger());
    }
}
