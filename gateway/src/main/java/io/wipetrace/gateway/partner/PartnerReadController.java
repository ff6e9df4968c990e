package io.wipetrace.gateway.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.shared.Page;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.security.OrganisationRoles;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
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

    PartnerReadController(final DataSource dataSource, final OrganisationRoles registryRoles) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.registryRoles = registryRoles;
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
            throw new IllegalStateException("a registry change in the projection is not JSON", e);
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
        final List<Object> arguments = new ArrayList<>(List.of(principal.mspId()));
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
        final Long total = jdbc.queryForObject("SELECT count(*) FROM devices" + where, Long.class, arguments.toArray());
        arguments.add(size);
        arguments.add((long) page * size);
        final List<HeldDevice> items = jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices" + where
                + " ORDER BY device_id LIMIT ? OFFSET ?", (rs, row) -> new HeldDevice(rs.getString("device_id"),
                        rs.getString("state"), rs.getString("make"), rs.getString("model"), rs.getInt("storage_gb"),
                        rs.getString("site_id"), rs.getString("bag_id"), rs.getString("pending_handover_id"),
                        rs.getBoolean("locked"), instant(rs.getTimestamp("state_since")),
                        rs.getString("erasure_result"), rs.getString("product_type")), arguments.toArray());
        final long count = total == null ? 0 : total;
        return new Page<>(items, page, size, count, (count + size - 1) / size);
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

    private static Instant instant(final java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
