package io.wipetrace.gateway.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.anchoring.ProofBundleResponses;
import io.wipetrace.gateway.anchoring.ProofBundles;
import io.wipetrace.gateway.certificate.Certificates;
import io.wipetrace.gateway.projection.CustodyReads;
import io.wipetrace.gateway.projection.CustodyReads.CustodyStep;
import io.wipetrace.gateway.projection.CustodyReads.HeldDevice;
import io.wipetrace.gateway.projection.CustodyReads.IncomingHandover;
import io.wipetrace.gateway.projection.DeviceReads;
import io.wipetrace.gateway.projection.RegistryReads;
import io.wipetrace.gateway.projection.RegistryReads.Organisation;
import io.wipetrace.gateway.projection.RegistryReads.Site;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.security.OrganisationRoles;
import io.wipetrace.gateway.shared.Csv;
import io.wipetrace.gateway.shared.Page;
import io.wipetrace.gateway.verify.VerifyQueries;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's own view of custody, from the read model: who the caller is, the devices it holds and the handovers
 * offered to it that wait for its answer. Always scoped to the caller's organisation; a regulator sees its own
 * organisation here too (the audit API is its view of everyone).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Custody")
class PartnerReadController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryReads registry;
    private final CustodyReads custody;
    private final DeviceReads devices;
    private final OrganisationRoles registryRoles;
    private final Certificates certificates;
    private final VerifyQueries verifications;
    private final ObjectProvider<ProofBundles> bundles;

    PartnerReadController(final RegistryReads registry, final CustodyReads custody, final DeviceReads devices,
            final OrganisationRoles registryRoles, final Certificates certificates, final VerifyQueries verifications,
            final ObjectProvider<ProofBundles> bundles) {
        this.registry = registry;
        this.custody = custody;
        this.devices = devices;
        this.registryRoles = registryRoles;
        this.certificates = certificates;
        this.verifications = verifications;
        this.bundles = bundles;
    }

    /**
     * Who the caller is: its organisation, MSP ID and API roles, and the roles its organisation holds in the ledger's
     * registry (which writes the chaincode lets it make: COLLECTOR, PROCESSOR, SMELTER, LOGISTICS, REGULATOR).
     */
    record Me(String organisation, String mspId, Set<String> roles, Set<String> registryRoles) {}

    @GetMapping("/me")
    @Operation(summary = "The caller's organisation and roles")
    Me me(@AuthenticationPrincipal final ApiPrincipal principal) {
        return new Me(principal.organisation(), principal.mspId(), principal.roles(),
                new TreeSet<>(registryRoles.of(principal.organisation())));
    }

    @GetMapping("/registry/sites")
    @Operation(summary = "The registry's sites, by site ID; `mspId` keeps one organisation's",
            description = "From the registry's changes on the ledger (SITE_REGISTERED), as projected: for choosing a"
                    + " site in a form instead of typing its ID.")
    List<Site> sites(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") final String mspId) {
        return registry.sites(mspId);
    }

    @GetMapping("/registry/organisations")
    @Operation(summary = "The registry's organisations, by MSP ID",
            description = "From the registry's changes on the ledger (ORGANISATION_REGISTERED), as projected.")
    List<Organisation> organisations() {
        return registry.organisations();
    }

    @GetMapping("/custody/devices")
    @Operation(summary = "Devices the caller's organisation holds, by device ID",
            description = "Filter by `state` and by a device ID or bag ID prefix (`q`).")
    Page<HeldDevice> devices(@AuthenticationPrincipal final ApiPrincipal principal,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z_]{3,32}") final String state,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._:/-]{1,64}") final String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) final int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) final int size) {
        return custody.heldDevices(principal.mspId(), state, q, page, size);
    }

    @GetMapping(value = "/custody/devices.csv", produces = "text/csv")
    @Operation(summary = "The same devices as CSV, all of them, for a spreadsheet",
            description = "UTF-8 with a byte-order mark (Excel), cells that start like a formula made text.")
    void devicesCsv(@AuthenticationPrincipal final ApiPrincipal principal,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z_]{3,32}") final String state,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._:/-]{1,64}") final String q,
            final HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"custody.csv\"");
        final Csv csv = Csv.withByteOrderMark(response.getWriter());
        csv.row(List.of("deviceId", "state", "productType", "make", "model", "storageGb", "siteId", "bagId",
                "pendingHandoverId", "locked", "stateSince", "erasureResult"));
        custody.streamHeldDevices(principal.mspId(), state, q, d -> csv.row(Arrays.asList(d.deviceId(), d.state(),
                d.productType(), d.make(), d.model(), d.storageGb(), d.siteId(), d.bagId(), d.pendingHandoverId(),
                d.locked(), d.stateSince(), d.erasureResult())));
        response.getWriter().flush();
    }

    @GetMapping("/custody/handovers/incoming")
    @Operation(summary = "Handovers offered to the caller's organisation that wait for its answer, oldest first")
    List<IncomingHandover> incoming(@AuthenticationPrincipal final ApiPrincipal principal) {
        return custody.incomingHandovers(principal.mspId());
    }

    /**
     * A device the caller holds or held, as its partner page shows it.
     *
     * @param device its row, as in the custody list
     * @param custodianMspId who holds it now
     * @param events its ledger events in order, as the chaincode wrote them
     * @param custody its handovers, oldest first
     * @param certificateAvailable whether its certificate can be issued now (a verified erasure or destroyed storage)
     */
    record PartnerDevice(HeldDevice device, String custodianMspId, List<JsonNode> events, List<CustodyStep> custody,
            boolean certificateAvailable) {}

    @GetMapping("/custody/devices/{deviceId}")
    @Operation(summary = "A device the caller's organisation holds or held: its row, ledger events and handovers",
            description = "404 DEVICE_NOT_FOUND for a device it never held (collected, received or handed on), whether"
                    + " or not the device exists: nothing is said about other organisations' devices.")
    PartnerDevice device(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId) {
        final String custodian = heldCustodian(principal.mspId(), deviceId);
        final HeldDevice device = custody.device(deviceId).orElseThrow(() -> notHeld(deviceId));
        return new PartnerDevice(device, custodian, events(deviceId), custody.custodySteps(deviceId),
                verifications.byDeviceId(deviceId).map(v -> v.certificateRefusal() == null).orElse(false));
    }

    @GetMapping(value = "/custody/devices/{deviceId}/certificate.pdf")
    @Operation(summary = "The certificate of a device the caller's organisation holds or held",
            description = "409 when none can be issued yet; 404 DEVICE_NOT_FOUND as for the device.")
    ResponseEntity<byte[]> certificate(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId) throws IOException {
        heldCustodian(principal.mspId(), deviceId);
        return certificates.forRegulator(verifications.byDeviceId(deviceId).orElseThrow(() -> notHeld(deviceId)));
    }

    @GetMapping("/custody/devices/{deviceId}/proof-bundle")
    @Operation(summary = "The proof bundle of a device the caller's organisation holds or held",
            description = "404 PROOF_NOT_YET_ANCHORED before its first anchor; 404 DEVICE_NOT_FOUND as for the device.")
    ResponseEntity<?> proofBundle(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId) throws IOException {
        heldCustodian(principal.mspId(), deviceId);
        return ProofBundleResponses.of(bundles.getIfAvailable(), deviceId);
    }

    /**
     * @return the device's custodian, if the organisation holds it, collected it, handed it on or accepted it
     * @throws ApiException 404 otherwise, the same whether the device exists or not
     */
    private String heldCustodian(final String mspId, final String deviceId) {
        return custody.custodianIfEverHeldBy(mspId, deviceId).orElseThrow(() -> notHeld(deviceId));
    }

    /** @return the device's ledger events as projected, in ledger order */
    private List<JsonNode> events(final String deviceId) {
        return devices.deviceEvents(deviceId).stream().map(PartnerReadController::json).toList();
    }

    private static JsonNode json(final String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event in the projection is not JSON", e);
        }
    }

    private static ApiException notHeld(final String deviceId) {
        return new ApiException(HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND",
                "Your organisation holds no device " + deviceId + " and never held it.");
    }
}
