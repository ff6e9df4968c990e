package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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
    @Transactional(readOnly = true)
    public Optional<Verification> byReceiptHash(final String receiptHash) {
        return verification("receipt_hash", receiptHash);
    }

    /**
     * The same view of a device by its ID, for the regulator's certificate.
     *
     * @param deviceId the device
     * @return the verification, or empty if there is no such device
     */
    @Transactional(readOnly = true)
    public Optional<Verification> byDeviceId(final String deviceId) {
        return verification("device_id", deviceId);
    }

    private Optional<Verification> verification(final String column, final String value) {
        final List<DeviceRow> devices = jdbc.query("SELECT * FROM devices WHERE " + column + " = ?",
                (rs, row) -> DeviceRow.of(rs), value);
        if (devices.isEmpty()) {
            return Optional.empty();
        }
        final DeviceRow device = devices.getFirst();
        final List<Verification.Step> timeline = jdbc.query("""
                SELECT event_id, tx_id, block_number, payload::text AS payload FROM ledger_event
                WHERE device_id = ? ORDER BY block_number, tx_index, event_index""",
                (rs, row) -> step(rs), device.deviceId);
        final Verification.Erasure erasure = device.erasureEventId == null ? null : jdbc.queryForObject("""
                SELECT method, technique, standard, result, verification_mode, station_id, report_id, report_sha256,
                       ended_at, event_id, tx_id, block_number
                FROM erasures WHERE event_id = ?""",
                (rs, row) -> new Verification.Erasure(rs.getString("method"), rs.getString("technique"),
                        rs.getString("standard"), rs.getString("result"), rs.getString("verification_mode"),
                        rs.getString("station_id"), rs.getString("report_id"), rs.getString("report_sha256"),
                        instant(rs, "ended_at"),
                        "verified by the chaincode at transaction " + rs.getString("tx_id") + " (block "
                                + rs.getLong("block_number") + ") against the registered key of station "
                                + rs.getString("station_id"),
                        new Verification.LedgerReference(rs.getString("event_id"), rs.getString("tx_id"),
                                rs.getLong("block_number"))),
                device.erasureEventId);
        final Long checkpoint = jdbc.queryForObject("SELECT max(block_number) FROM projection_checkpoint", Long.class);
        return Optional.of(new Verification(device.deviceId, device.make, device.model, device.storageGb,
                device.identifierCommitment, device.state, device.custodian, device.siteId, timeline, erasure,
                new Verification.Destruction(destructionStatus(device), device.dismantledAt,
                        device.storageDestroyedAt, device.storageDestructionMethod, device.smeltedAt, device.lotId),
                device.personalDataPurgedAt, checkpoint == null ? -1 : checkpoint));
    }

    private static String destructionStatus(final DeviceRow device) {
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

    private Verification.Step step(final ResultSet rs) throws SQLException {
        final JsonNode event;
        try {
            event = json.readTree(rs.getString("payload"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ledger_event " + rs.getString("event_id") + " holds no JSON", e);
        }
        final String type = event.path("type").asText();
        return new Verification.Step(
                event.path("sequence").asInt(),
                type,
                event.path("state").asText(),
                Instant.parse(event.path("txTimestamp").asText()),
                event.path("actorMspId").asText(),
                event.hasNonNull("siteId") ? event.path("siteId").asText() : null,
                TimelineText.describe(type, event.path("details")),
                new Verification.LedgerReference(rs.getString("event_id"), rs.getString("tx_id"),
                        rs.getLong("block_number")));
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
            Instant personalDataPurgedAt) {

        static DeviceRow of(final ResultSet rs) throws SQLException {
            return new DeviceRow(rs.getString("device_id"), rs.getString("make"), rs.getString("model"),
                    rs.getInt("storage_gb"), rs.getString("identifier_commitment"), rs.getString("state"),
                    rs.getString("custodian_msp_id"), rs.getString("site_id"), rs.getString("erasure_event_id"),
                    instant(rs, "dismantled_at"), instant(rs, "storage_destroyed_at"),
                    rs.getString("storage_destruction_method"), instant(rs, "smelted_at"),
                    instant(rs, "refurbished_at"), rs.getString("lot_id"), instant(rs, "personal_data_purged_at"));
        }
    }
}
