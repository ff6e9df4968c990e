package io.wipetrace.gateway.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.device.DeviceView;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * After the wipe: dismantling the device and destroying its storage component, or refurbishing it; and the device
 * leaving the recycler, resold or shipped out of the country, under the national erasure standard's rules. Before it,
 * for a device collected without consent: the owner's consent recorded later, or the device returned to its owner.
 */
@RestController
@Tag(name = "Destruction")
class ProcessingController {

    private final DeviceWrites device;
    private final IdempotentWrites writes;

    ProcessingController(final DeviceWrites device, final IdempotentWrites writes) {
        this.device = device;
        this.writes = writes;
    }

    record DismantlingRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ErasureController.HASH) String storageComponentCommitment,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId) {}

    record StorageDestructionRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotNull @Pattern(regexp = "SHRED|DEGAUSS|CRUSH") String method,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId,
            @NotBlank @Pattern(regexp = ErasureController.HASH) String evidenceSha256) {}

    record RefurbishmentRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId,
            @NotBlank @jakarta.validation.constraints.Size(max = 64) String channel) {}

    record ResaleRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId,
            @NotBlank @jakarta.validation.constraints.Size(max = 64) String channel) {}

    record ExportRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId,
            @NotBlank @Pattern(regexp = "(?!CN)[A-Z]{2}") String destinationCountry,
            @jakarta.validation.constraints.Size(min = 1, max = 64) String declarationNumber) {}

    /**
     * The owner's consent, recorded after collection: as a collection's consent, plus the device and the site.
     *
     * @param deviceId the device
     * @param siteId the custodian's site where it is recorded
     * @param reference the consent record's reference (an identifier; the erasure record must name it)
     * @param scope what is erased
     * @param method how consent was given
     * @param impact what the owner was told the erasure does
     */
    record ConsentRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId,
            @NotBlank @Pattern(regexp = Identifiers.ID) String reference,
            @NotBlank @Size(max = FieldLimits.LONG_TEXT) String scope,
            @NotBlank @Size(max = FieldLimits.TEXT) String method,
            @NotBlank @Size(max = FieldLimits.LONG_TEXT) String impact) {}

    /**
     * A device handed back unwiped to its owner.
     *
     * @param deviceId the device
     * @param siteId the custodian's site where it is handed back
     * @param reason a code, e.g. CONSENT_REFUSED or OWNER_REQUEST (never personal data)
     */
    record ReturnRequest(
            @NotBlank @Pattern(regexp = Identifiers.DEVICE_ID) String deviceId,
            @NotBlank @Pattern(regexp = ErasureController.ID) String siteId,
            @NotBlank @Pattern(regexp = Identifiers.ID) String reason) {}

    record DeviceWriteResponse(DeviceView device, LedgerReference ledger) {}

    @PostMapping("/api/v1/dismantlings")
    @Operation(summary = "Record that a device was dismantled", description = "Role PROCESSOR, custodian.")
    ResponseEntity<DeviceWriteResponse> dismantle(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final DismantlingRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/dismantlings", "RecordDismantling", request);
    }

    @PostMapping("/api/v1/storage-destructions")
    @Operation(summary = "Record that a device's storage was destroyed",
            description = "Role PROCESSOR or SMELTER, custodian; evidenceSha256 is the hash of the evidence"
                    + " (video, weighbridge ticket).")
    ResponseEntity<DeviceWriteResponse> destroyStorage(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final StorageDestructionRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/storage-destructions", "RecordStorageDestruction",
                request);
    }

    @PostMapping("/api/v1/refurbishments")
    @Operation(summary = "Record that a wiped device goes to refurbishment (terminal)",
            description = "Role PROCESSOR, custodian; only after a verified erasure (result ERASED, full"
                    + " verification), else 409 ERASURE_NOT_VERIFIED or ILLEGAL_TRANSITION.")
    ResponseEntity<DeviceWriteResponse> refurbish(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final RefurbishmentRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/refurbishments", "RecordRefurbishment", request);
    }

    @PostMapping("/api/v1/resales")
    @Operation(summary = "Record that a refurbished device was sold again (terminal)",
            description = "Role PROCESSOR, custodian. Only after an erasure with result ERASED, FULL verification and a"
                    + " method the national standard accepts (OVERWRITE, BLOCK_ERASE, CLEAR), on a device collected"
                    + " with consent; else 409 CONSENT_MISSING, RESALE_NOT_ERASED, ERASURE_NOT_VERIFIED,"
                    + " ERASURE_METHOD_NOT_ACCEPTED or ILLEGAL_TRANSITION (not REFURBISHED).")
    ResponseEntity<DeviceWriteResponse> resell(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final ResaleRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/resales", "RecordResale", request);
    }

    @PostMapping("/api/v1/exports")
    @Operation(summary = "Record that a device was shipped out of the country (terminal)",
            description = "Role PROCESSOR or SMELTER, custodian. A whole device (WIPED or REFURBISHED) under the same"
                    + " rules as a resale; scrap only once its storage was destroyed (STORAGE_DESTROYED). Else 409"
                    + " CONSENT_MISSING, EXPORT_NOT_ERASED, ERASURE_NOT_VERIFIED, ERASURE_METHOD_NOT_ACCEPTED or"
                    + " ILLEGAL_TRANSITION. destinationCountry: ISO 3166-1 alpha-2, not CN.")
    ResponseEntity<DeviceWriteResponse> export(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final ExportRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/exports", "RecordExport", request);
    }

    @PostMapping("/api/v1/consents")
    @Tag(name = "Consent")
    @Operation(summary = "Record the owner's consent to erasure after collection",
            description = "Role COLLECTOR or PROCESSOR, custodian, for a device collected without a consent record,"
                    + " COLLECTED or RECEIVED and never through an erasure; the state does not change and the erasure"
                    + " record must then name this reference. Else 409 CONSENT_EXISTS, CONSENT_AFTER_ERASURE or"
                    + " ILLEGAL_TRANSITION, 403 NOT_CUSTODIAN. Scope, method and impact reach the ledger only as text"
                    + " commitments.")
    ResponseEntity<DeviceWriteResponse> recordConsent(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final ConsentRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/consents", "RecordConsent", request);
    }

    @PostMapping("/api/v1/returns")
    @Tag(name = "Consent")
    @Operation(summary = "Record that a device was handed back unwiped to its owner (terminal)",
            description = "Role COLLECTOR or PROCESSOR, custodian, for a COLLECTED or RECEIVED device (never through an"
                    + " erasure), e.g. when the owner refused consent; it becomes RETURNED. Else 409"
                    + " ILLEGAL_TRANSITION, 403 NOT_CUSTODIAN. reason is a code, never personal data.")
    ResponseEntity<DeviceWriteResponse> returnToOwner(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final ReturnRequest request) {
        return submit(principal, idempotencyKey, "POST /api/v1/returns", "ReturnToOwner", request);
    }

    private ResponseEntity<DeviceWriteResponse> submit(final ApiPrincipal principal, final String idempotencyKey,
            final String operation, final String transaction, final Object request) {
        return writes.execute(principal.organisation(), idempotencyKey, operation, request, HttpStatus.CREATED,
                DeviceWriteResponse.class, context -> {
                    final DeviceWrites.Written<DeviceView> written = device.submit(principal.organisation(),
                            context.journal("write"), transaction, request, DeviceView.class);
                    return new DeviceWriteResponse(written.result(), written.ledger());
                });
    }
}
