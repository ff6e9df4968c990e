package io.wipetrace.gateway.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.anchoring.ProofBundleResponses;
import io.wipetrace.gateway.anchoring.ProofBundles;
import io.wipetrace.gateway.certificate.Certificates;
import io.wipetrace.gateway.shared.Csv;
import io.wipetrace.gateway.shared.Page;
import io.wipetrace.gateway.verify.VerifyQueries;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.security.OrganisationRoles;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private static final ObjectMapper JSON =
            new ObjectMapper();

    private static final String DEVICE_COLUMNS = "device_id, state, make, model, storage_gb, site_id, bag_id,"
            + " pending_handover_id, locked, state_since, erasure_result, product_type";

    private final JdbcTemplate jdbc;
    private final OrganisationRoles registryRoles;
    private final Certificates certificates;
    private final VerifyQueries verifications;
    private final ObjectProvider<ProofBundles> bundles;

    PartnerReadController(final DataSource dataSource, final OrganisationRoles registryRoles,
            final Certificates certificates, final VerifyQueries verifications,
            final ObjectProvider<ProofBundles> bundles) {
        this.jdbc = new JdbcTemplate(dataSource);
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

    /** A site of the ledger's registry. */
    record Site(String siteId, String mspId, String name, String city) {}

    /** An organisation of the ledger's registry. */
    record Organisation(String mspId, String name, List<String> roles) {}

    /** A device the caller holds. */
    record HeldDevice(String deviceId, String state, String make, String model, int storageGb, String siteId,
            String bagId, String pendingHandoverId, boolean locked, Instant stateSince, String erasureResult,
            String productType) {}

    /** A handover offered to the caller, not yet accepted or rejected. */
    record IncomingHandover(String handoverId, String fromMspId, String fromSiteId, String toSiteId,
            String containerId, String sealId, String waybill, int deviceCount, Instant offeredAt,
            List<String> deviceIds) {}

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
        return jdbc.query("SELECT payload -> 'site' AS site FROM ledger_event WHERE type = 'SITE_REGISTERED'"
                + " AND (CAST(? AS text) IS NULL OR payload -> 'site' ->> 'mspId' = ?)"
                + " ORDER BY payload -> 'site' ->> 'siteId' LIMIT 1000", (rs, row) -> {
                    final JsonNode site = json(rs.getString("site"));
                    return new Site(site.path("siteId").asText(), site.path("mspId").asText(),
                            site.path("name").asText(null), site.path("city").asText(null));
                }, mspId, mspId);
    }

    @GetMapping("/registry/organisations")
    @Operation(summary = "The registry's organisations, by MSP ID",
            description = "From the registry's changes on the ledger (ORGANISATION_REGISTERED), as projected.")
    List<Organisation> organisations() {
        return jdbc.query("SELECT payload -> 'organisation' AS organisation FROM ledger_event"
                + " WHERE type = 'ORGANISATION_REGISTERED' ORDER BY payload -> 'organisation' ->> 'mspId' LIMIT 1000",
                (rs, row) -> {
                    final JsonNode organisation = json(rs.getString("organisation"));
                    final List<String> roles = new ArrayList<>();
                    organisation.path("roles").forEach(role -> roles.add(role.asText()));
                    return new Organisation(organisation.path("mspId").asText(), organisation.path("name").asText(null),
                            roles);
                });
    }

    private static JsonNode json(final String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a registry change or event in the projection is not JSON", e);
        }
    }

    @GetMapping("/custody/devices")
    @Operation(summary = "Devices the caller's organisation holds, by device ID",
            description = "Filter by `state` and by a device ID or bag ID prefix (`q`).")
    Page<HeldDevice> devices(@AuthenticationPrincipal final ApiPrincipal principal,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z_]{3,32}") final String state,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._:/-]{1,64}") final String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) final int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) final int size) {
        final List<Object> arguments = new ArrayList<>();
        final String where = heldWhere(principal.mspId(), state, q, arguments);
        final Long total = jdbc.queryForObject("SELECT count(*) FROM devices" + where, Long.class, arguments.toArray());
        arguments.add(size);
        arguments.add((long) page * size);
        final List<HeldDevice> items = jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices" + where
                + " ORDER BY device_id LIMIT ? OFFSET ?", (rs, row) -> heldDevice(rs), arguments.toArray());
        final long count = total == null ? 0 : total;
        return new Page<>(items, page, size, count, (count + size - 1) / size);
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
        final List<Object> arguments = new ArrayList<>();
        final String where = heldWhere(principal.mspId(), state, q, arguments);
        jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices" + where + " ORDER BY device_id", rs -> {
            final HeldDevice d = heldDevice(rs);
            csv.row(Arrays.asList(d.deviceId(), d.state(), d.productType(), d.make(), d.model(), d.storageGb(),
                    d.siteId(), d.bagId(), d.pendingHandoverId(), d.locked(), d.stateSince(), d.erasureResult()));
        }, arguments.toArray());
        response.getWriter().flush();
    }

    /** The custody list's filter: the organisation's devices, of a state, whose device or bag ID starts with q. */
    private static String heldWhere(final String mspId, final String state, final String q,
            final List<Object> arguments) {
        arguments.add(mspId);
        final StringBuilder where = new StringBuilder(" WHERE custodian_msp_id = ?");
        if (state != null) {
            where.append(" AND state = ?");
            arguments.add(state);
        }
        if (q != null) {
            where.append(" AND (device_id LIKE ? OR bag_id LIKE ?)");
            final String prefix = q.replace("_", "\\_") + "%";
            arguments.add(prefix);
            arguments.add(prefix);
        }
        return where.toString();
    }

    @GetMapping("/custody/handovers/incoming")
    @Operation(summary = "Handovers offered to the caller's organisation that wait for its answer, oldest first")
    List<IncomingHandover> incoming(@AuthenticationPrincipal final ApiPrincipal principal) {
        return jdbc.query("SELECT handover_id, min(from_msp_id) AS from_msp_id, min(from_site_id) AS from_site_id,"
                + " min(to_site_id) AS to_site_id, min(container_id) AS container_id, min(seal_id) AS seal_id,"
                + " min(waybill) AS waybill, min(device_count) AS device_count, min(offered_at) AS offered_at,"
                + " string_agg(device_id, ',' ORDER BY device_id) AS device_ids FROM custody"
                + " WHERE to_msp_id = ? AND status = 'PENDING' GROUP BY handover_id ORDER BY offered_at, handover_id"
                + " LIMIT 500", (rs, row) -> new IncomingHandover(rs.getString("handover_id"),
                        rs.getString("from_msp_id"), rs.getString("from_site_id"), rs.getString("to_site_id"),
                        rs.getString("container_id"), rs.getString("seal_id"), rs.getString("waybill"),
                        rs.getInt("device_count"), instant(rs.getTimestamp("offered_at")),
                        Arrays.asList(rs.getString("device_ids").split(","))), principal.mspId());
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

    /** One handover of a device. */
    record CustodyStep(String handoverId, String status, String fromMspId, String fromSiteId, String toMspId,
            String toSiteId, String sealId, String waybill, Instant offeredAt, Instant closedAt, Boolean sealIntact,
            String sealException, String rejectionReason) {}

    @GetMapping("/custody/devices/{deviceId}")
    @Operation(summary = "A device the caller's organisation holds or held: its row, ledger events and handovers",
            description = "404 DEVICE_NOT_FOUND for a device it never held (collected, received or handed on), whether"
                    + " or not the device exists: nothing is said about other organisations' devices.")
    PartnerDevice device(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable @Pattern(regexp = Identifiers.DEVICE_ID) final String deviceId) {
        final String custodian = heldCustodian(principal.mspId(), deviceId);
        final HeldDevice device = jdbc.queryForObject("SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = ?",
                (rs, row) -> heldDevice(rs), deviceId);
        return new PartnerDevice(device, custodian, events(deviceId), custodySteps(deviceId),
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
        return jdbc.query("SELECT custodian_msp_id FROM devices d WHERE device_id = ? AND (custodian_msp_id = ?"
                + " OR collector_msp_id = ? OR EXISTS (SELECT 1 FROM custody c WHERE c.device_id = d.device_id"
                + " AND (c.from_msp_id = ? OR (c.to_msp_id = ? AND c.status = 'ACCEPTED'))))",
                (rs, row) -> rs.getString(1), deviceId, mspId, mspId, mspId, mspId).stream().findFirst()
                .orElseThrow(() -> notHeld(deviceId));
    }

    /** @return the device's ledger events as projected, in ledger order */
    private List<JsonNode> events(final String deviceId) {
        return jdbc.query("SELECT payload::text FROM ledger_event WHERE device_id = ?"
                + " ORDER BY block_number, tx_index, event_index", (rs, row) -> json(rs.getString(1)), deviceId);
    }

    /** @return the device's handovers, oldest first */
    private List<CustodyStep> custodySteps(final String deviceId) {
        return jdbc.query("SELECT handover_id, status, from_msp_id, from_site_id, to_msp_id, to_site_id, seal_id,"
                + " waybill, offered_at, closed_at, seal_intact, seal_exception, rejection_reason FROM custody"
                + " WHERE device_id = ? ORDER BY offered_block, handover_id", (rs, row) -> new CustodyStep(
                        rs.getString("handover_id"), rs.getString("status"), rs.getString("from_msp_id"),
                        rs.getString("from_site_id"), rs.getString("to_msp_id"), rs.getString("to_site_id"),
                        rs.getString("seal_id"), rs.getString("waybill"), instant(rs.getTimestamp("offered_at")),
                        instant(rs.getTimestamp("closed_at")), (Boolean) rs.getObject("seal_intact"),
                        rs.getString("seal_exception"), rs.getString("rejection_reason")), deviceId);
    }

    private static ApiException notHeld(final String deviceId) {
        return new ApiException(HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND",
                "Your organisation holds no device " + deviceId + " and never held it.");
    }

    private static HeldDevice heldDevice(final java.sql.ResultSet rs) throws java.sql.SQLException {
        return new HeldDevice(rs.getString("device_id"), rs.getString("state"), rs.getString("make"),
                rs.getString("model"), rs.getInt("storage_gb"), rs.getString("site_id"), rs.getString("bag_id"),
                rs.getString("pending_handover_id"), rs.getBoolean("locked"), instant(rs.getTimestamp("state_since")),
                rs.getString("erasure_result"), rs.getString("product_type"));
    }

    private static Instant instant(final java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
