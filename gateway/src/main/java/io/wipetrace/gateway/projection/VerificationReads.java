package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.database.ConsumerReads;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the read model holds about one device for its public verification: the columns of {@code devices} a consumer
 * may see, its erasure ({@code erasures}), its events in ledger order ({@code ledger_event}), the projection's
 * checkpoint and the registry's names of organisations and sites.
 */
@Component
public class VerificationReads {

    private final JdbcTemplate jdbc;

    /**
     * Reads over the projection's database, on the consumers' pool: a write burst cannot take its connections.
     *
     * @param database the consumers' pool
     */
    public VerificationReads(final ConsumerReads database) {
        this.jdbc = new JdbcTemplate(database.dataSource());
    }

    /**
     * One device's row.
     *
     * @param deviceId the device
     * @param make its make
     * @param model its model
     * @param storageGb its storage
     * @param identifierCommitment the commitment to its identifiers
     * @param state its current state
     * @param custodian who holds it
     * @param siteId where
     * @param erasureEventId the event of its latest erasure, or null
     * @param dismantledAt when it was dismantled, or null
     * @param storageDestroyedAt when its storage was destroyed, or null
     * @param storageDestructionMethod how
     * @param smeltedAt when it was smelted, or null
     * @param refurbishedAt when it was refurbished, or null
     * @param lotId its smelting lot
     * @param personalDataPurgedAt when its personal data was purged, or null
     * @param resoldAt when it was resold, or null
     * @param exportedAt when it was exported, or null
     * @param releaseBasis what its release rests on
     * @param exportCountry where it was exported to
     * @param erasure its latest erasure, or null
     * @param checkpoint the last block projected, or -1 when none is
     * @param events its events in ledger order, a JSON array of {eventId, txId, blockNumber, payload}
     * @param organisations the registry's organisation names by MSP ID, a JSON object
     * @param sites the registry's sites by site ID, a JSON object of {name, city}
     */
    public record Device(
            String deviceId, String make, String model, int storageGb, String identifierCommitment, String state,
            String custodian, String siteId, String erasureEventId, Instant dismantledAt, Instant storageDestroyedAt,
            String storageDestructionMethod, Instant smeltedAt, Instant refurbishedAt, String lotId,
            Instant personalDataPurgedAt, Instant resoldAt, Instant exportedAt, String releaseBasis,
            String exportCountry, Erasure erasure, long checkpoint, String events, String organisations,
            String sites) {

        /**
         * @param height a checkpoint
         * @return this row as read at that checkpoint: the same device, events and names
         */
        public Device atCheckpoint(final long height) {
            return new Device(deviceId, make, model, storageGb, identifierCommitment, state, custodian, siteId,
                    erasureEventId, dismantledAt, storageDestroyedAt, storageDestructionMethod, smeltedAt,
                    refurbishedAt, lotId, personalDataPurgedAt, resoldAt, exportedAt, releaseBasis, exportCountry,
                    erasure, height, events, organisations, sites);
        }
    }

    /**
     * A device's latest erasure, as the chaincode verified it.
     *
     * @param method the method
     * @param technique the technique
     * @param standard the standard
     * @param result the result
     * @param verificationMode how the result was verified
     * @param stationId the wiping station
     * @param reportId the station's report
     * @param reportSha256 the report's digest
     * @param endedAt when it ended
     * @param txId the transaction that recorded it
     * @param blockNumber that transaction's block
     */
    public record Erasure(String method, String technique, String standard, String result, String verificationMode,
            String stationId, String reportId, String reportSha256, Instant endedAt, String txId, long blockNumber) {}

    /**
     * The device collected with a receipt.
     *
     * @param receiptHash lower-case hex SHA-256 of the normalised code
     * @return the device, or empty if no device has this receipt
     */
    public Optional<Device> byReceiptHash(final String receiptHash) {
        return jdbc.query(BY_RECEIPT, (rs, row) -> device(rs), receiptHash).stream().findFirst();
    }

    /**
     * A device by its ID.
     *
     * @param deviceId the device
     * @return the device, or empty if there is no such device
     */
    public Optional<Device> byDeviceId(final String deviceId) {
        return jdbc.query(BY_DEVICE, (rs, row) -> device(rs), deviceId).stream().findFirst();
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

    private static Device device(final ResultSet rs) throws SQLException {
        final String erasureEventId = rs.getString("erasure_event_id");
        final Erasure erasure = erasureEventId == null ? null : new Erasure(rs.getString("method"),
                rs.getString("technique"), rs.getString("standard"), rs.getString("result"),
                rs.getString("verification_mode"), rs.getString("station_id"), rs.getString("report_id"),
                rs.getString("report_sha256"), ReadModelRows.instant(rs, "ended_at"), rs.getString("erasure_tx_id"),
                rs.getLong("erasure_block_number"));
        final long checkpoint = rs.getLong("checkpoint");
        final boolean projected = !rs.wasNull();
        return new Device(rs.getString("device_id"), rs.getString("make"), rs.getString("model"),
                rs.getInt("storage_gb"), rs.getString("identifier_commitment"), rs.getString("state"),
                rs.getString("custodian_msp_id"), rs.getString("site_id"), erasureEventId,
                ReadModelRows.instant(rs, "dismantled_at"), ReadModelRows.instant(rs, "storage_destroyed_at"),
                rs.getString("storage_destruction_method"), ReadModelRows.instant(rs, "smelted_at"),
                ReadModelRows.instant(rs, "refurbished_at"), rs.getString("lot_id"),
                ReadModelRows.instant(rs, "personal_data_purged_at"), ReadModelRows.instant(rs, "resold_at"),
                ReadModelRows.instant(rs, "exported_at"), rs.getString("release_basis"),
                rs.getString("export_country"), erasure, projected ? checkpoint : -1, rs.getString("events"),
                rs.getString("organisations"), rs.getString("sites"));
    }
}
