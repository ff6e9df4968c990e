package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads a device's verification from the projection (read model and ledger events), by receipt hash. */
@Component
public class VerifyQueries {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    VerifyQueries(final JdbcTemplate jdbc, final ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The verification of the device collected with a receipt.
     *
     * @param receiptHash lower-case hex SHA-256 of the normalised code
     * @return the verification, or empty if no device has this receipt
     */
    public Optional<Verification> byReceiptHash(final String receiptHash) {
        return verification("receipt_hash", receiptHash);
    }

    /**
     * The same view of a device by its ID, for the regulator's certificate.
     *
     * @param deviceId the device
     * @return the verification, or empty if there is no such device
     */
    public Optional<Verification> byDeviceId(final String deviceId) {
        return verification("device_id", deviceId);
    }

    /**
     * One statement, so one round trip and one snapshot: the device row, its erasure, its ledger events in ledger
     * order (as a JSON array), the projection's height, and the registered names of organisations and sites (the
     * registry's own events on the ledger; a handful of rows). Consumers' reads are the hottest path of the gateway.
     */
    private static String query(final String column) {
        return """
                SELECT d.device_id, d.make, d.model, d.storage_gb, d.identifier_commitment, d.state,
                       d.custodian_msp_id, d.site_id, d.erasure_event_id, d.dismantled_at, d.storage_destroyed_at,
                       d.storage_destruction_method, d.smelted_at, d.refurbished_at, d.lot_id,
                       d.personal_data_purged_at, d.resold_at, d.exported_at, d.release_basis, d.export_country,
                       er.method, er.technique, er.standard, er.result, er.verification_mode, er.station_id,
                       er.report_id, er.report_sha256, er.ended_at, er.tx_id AS erasure_tx_id,
                       er.block_number AS erasure_block_number,
                       (SELECT max(block_number) FROM projection_checkpoint) AS checkpoint,
                       (SELECT coalesce(json_agg(json_build_object('eventId', e.event_id, 'txId', e.tx_id,
                                   'blockNumber', e.block_number, 'payload', e.payload)
                                   ORDER BY e.block_number, e.tx_index, e.event_index), '[]')
                        FROM ledger_event e WHERE e.device_id = d.device_id) AS events,
                       (SELECT coalesce(json_object_agg(o.id, o.name), '{}') FROM (
                            SELECT DISTINCT ON (r.payload->'organisation'->>'mspId')
                                   r.payload->'organisation'->>'mspId' AS id, r.payload->'organisation'->>'name' AS name
                            FROM ledger_event r WHERE r.device_id IS NULL AND r.type = 'ORGANISATION_REGISTERED'
                            ORDER BY r.payload->'organisation'->>'mspId', r.block_number DESC, r.tx_index DESC) o
                       ) AS organisations,
                       (SELECT coalesce(json_object_agg(s.id, json_build_object('name', s.name, 'city', s.city)), '{}')
                        FROM (
                            SELECT DISTINCT ON (r.payload->'site'->>'siteId') r.payload->'site'->>'siteId' AS id,
                                   r.payload->'site'->>'name' AS name, r.payload->'site'->>'city' AS city
                            FROM ledger_event r WHERE r.device_id IS NULL AND r.type = 'SITE_REGISTERED'
                            ORDER BY r.payload->'site'->>'siteId', r.block_number DESC, r.tx_index DESC) s
                       ) AS sites
                FROM devices d LEFT JOIN erasures er ON er.event_id = d.erasure_event_id
                WHERE d.%s = ?""".formatted(column);
    }

    private static final String BY_RECEIPT = query("receipt_hash");
    private static final String BY_DEVICE = query("device_id");

    private Optional<Verification> verification(final String column, final String value) {
        final List<Verification> found = jdbc.query("receipt_hash".equals(column) ? BY_RECEIPT : BY_DEVICE,
                (rs, row) -> verification(rs), value);
        return found.stream().findFirst();
    }

    private Verification verification(final ResultSet rs) throws SQLException {
        final DeviceRow device = DeviceRow.of(rs);
        final Verification.Erasure erasure = device.erasureEventId == null ? null : new Verification.Erasure(
                rs.getString("method"), rs.getString("technique"), rs.getString("standard"), rs.getString("result"),
                rs.getString("verification_mode"), rs.getString("station_id"), rs.getString("report_id"),
                rs.getString("report_sha256"), instant(rs, "ended_at"),
                "verified by the chaincode at transaction " + rs.getString("erasure_tx_id") + " (block "
                        + rs.getLong("erasure_block_number") + ") against the registered key of station "
                        + rs.getString("station_id"),
                new Verification.LedgerReference(device.erasureEventId, rs.getString("erasure_tx_id"),
                        rs.getLong("erasure_block_number")));
        final long checkpoint = rs.getLong("checkpoint");
        final boolean projected = !rs.wasNull();
        final List<Verification.Step> timeline = new ArrayList<>();
        for (final JsonNode event : events(rs.getString("events"), device.deviceId)) {
            timeline.add(step(event));
        }
        final Map<String, String> organisations = new TreeMap<>();
        events(rs.getString("organisations"), device.deviceId).properties()
                .forEach(entry -> organisations.put(entry.getKey(), entry.getValue().asText()));
        final Map<String, Verification.Site> sites = new TreeMap<>();
        events(rs.getString("sites"), device.deviceId).properties().forEach(entry -> sites.put(entry.getKey(),
                new Verification.Site(entry.getValue().path("name").asText(null),
                        entry.getValue().path("city").asText(null))));
        return new Verification(device.deviceId, device.make, device.model, device.storageGb,
                device.identifierCommitment, device.state, device.custodian, device.siteId, timeline, erasure,
                new Verification.Destruction(destructionStatus(device), device.dismantledAt,
                        device.storageDestroyedAt, device.storageDestructionMethod, device.smeltedAt, device.lotId,
                        device.resoldAt != null ? device.resoldAt : device.exportedAt, device.releaseBasis,
                        device.exportCountry),
                device.personalDataPurgedAt, projected ? checkpoint : -1, organisations, sites);
    }

    private JsonNode events(final String text, final String deviceId) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the ledger rows read for device " + deviceId + " are not JSON", e);
        }
    }

    private static String destructionStatus(final DeviceRow device) {
        if (device.resoldAt != null) {
            return "RESOLD";
        }
        if (device.exportedAt != null) {
            return "EXPORTED";
        }
        if (device.smeltedAt != null) {
            return "SMELTED";
        }
        if (device.refurbishedAt != null) {
            return "REFURBISHED";
        }
        if (device.storageDestroyedAt != null) {
            return "STORAGE_DESTROYED";
        }
        return device.dismantledAt != null ? "DISMANTLED" : "NOT_DESTROYED";
    }

    private static Verification.Step step(final JsonNode row) {
        final JsonNode event = row.path("payload");
        final String type = event.path("type").asText();
        return new Verification.Step(
                event.path("sequence").asInt(),
                type,
                event.path("state").asText(),
                Instant.parse(event.path("txTimestamp").asText()),
                event.path("actorMspId").asText(),
                event.hasNonNull("siteId") ? event.path("siteId").asText() : null,
                TimelineText.describe(type, event.path("details")),
                new Verification.LedgerReference(row.path("eventId").asText(), row.path("txId").asText(),
                        row.path("blockNumber").asLong()),
                TimelineText.facts(type, event.path("details")));
    }

    private static Instant instant(final ResultSet rs, final String column) throws SQLException {
        final Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** The columns of {@code devices} that a consumer may see. */
    private record DeviceRow(
            String deviceId, String make, String model, int storageGb, String identifierCommitment, String state,
            String custodian, String siteId, String erasureEventId, Instant dismantledAt, Instant storageDestroyedAt,
            String storageDestructionMethod, Instant smeltedAt, Instant refurbishedAt, String lotId,
            Instant personalDataPurgedAt, Instant resoldAt, Instant exportedAt, String releaseBasis,
            String exportCountry) {

        static DeviceRow of(final ResultSet rs) throws SQLException {
            return new DeviceRow(rs.getString("device_id"), rs.getString("make"), rs.getString("model"),
                    rs.getInt("storage_gb"), rs.getString("identifier_commitment"), rs.getString("state"),
                    rs.getString("custodian_msp_id"), rs.getString("site_id"), rs.getString("erasure_event_id"),
                    instant(rs, "dismantled_at"), instant(rs, "storage_destroyed_at"),
                    rs.getString("storage_destruction_method"), instant(rs, "smelted_at"),
                    instant(rs, "refurbished_at"), rs.getString("lot_id"), instant(rs, "personal_data_purged_at"),
                    instant(rs, "resold_at"), instant(rs, "exported_at"),
                    rs.getString("release_basis"), rs.getString("export_country"));
        }
    }
}
