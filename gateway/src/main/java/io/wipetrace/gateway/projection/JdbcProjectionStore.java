package io.wipetrace.gateway.projection;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projection in PostgreSQL (tables from the Flyway migrations in {@code db/migration}). Table names are
 * unqualified, so the connection's {@code search_path} chooses the schema: a rebuild can fill a fresh schema with
 * the same code.
 */
public final class JdbcProjectionStore implements ProjectionStore {

    /**
     * The {@code application_name} of a session while it projects a block, from the checkpoint's lock to the commit
     * or rollback: {@code pg_stat_activity} shows which backend holds the projection, and since when.
     */
    public static final String SESSION_NAME = "wipetrace projection";

    private static final int BATCH_SIZE = 500;

    private static final String INSERT_TRANSACTION = """
            INSERT INTO ledger_transaction
                (tx_id, block_number, tx_index, chaincode, creator_msp_id, tx_timestamp, event_name, event_payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_EVENT = """
            INSERT INTO ledger_event
                (event_id, device_id, type, block_number, tx_id, tx_index, event_index, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""";

    /**
     * Each table as one text line per row, in a canonical order. Every column is rendered explicitly (timestamps in
     * UTC to the microsecond, bytes in hex, NULL distinct from empty) so the digest does not depend on session
     * settings such as the time zone.
     */
    private static final List<TableDigest> DIGESTS = List.of(
            new TableDigest("ledger_transaction", """
                    format('%L|%s|%s|%L|%L|%L|%L|%L', tx_id, block_number, tx_index, chaincode, creator_msp_id,
                           to_char(tx_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                           event_name, encode(event_payload, 'hex'))""", "block_number, tx_index"),
            new TableDigest("ledger_event", """
                    format('%L|%L|%L|%s|%L|%s|%s|%L', event_id, device_id, type, block_number, tx_id, tx_index,
                           event_index, payload::text)""", "block_number, tx_index, event_index"),
            new TableDigest("projection_checkpoint", "format('%L|%s', channel, block_number)", "channel"),
            // The read model (V3__read_model.sql): every column, so a rebuild proves it identical too.
            TableDigest.ofColumns("devices", "device_id", """
                    device_id state custodian_msp_id site_id collector_msp_id collection_site_id collection_channel
                    make model storage_gb locked receipt_hash identifier_commitment bag_id pending_handover_id lot_id
                    @collected_at @received_at @wiped_at @wipe_failed_at @dismantled_at @storage_destroyed_at
                    @smelted_at @refurbished_at @personal_data_purged_at @state_since @updated_at event_count
                    last_event_id last_block_number erasure_event_id erasure_result erasure_method erasure_standard
                    erasure_station_id erasure_report_sha256 erasure_verification storage_destruction_method
                    product_type consent_recorded @resold_at @exported_at release_basis release_event_id
                    export_country @consent_recorded_at @returned_at return_reason"""),
            TableDigest.ofColumns("custody", "handover_id, device_id", """
                    handover_id device_id status from_msp_id from_site_id to_msp_id to_site_id container_id seal_id
                    waybill device_count @offered_at offered_tx_id offered_block @closed_at closed_tx_id closed_block
                    seal_intact seal_exception rejection_reason"""),
            TableDigest.ofColumns("erasures", "event_id", """
                    event_id device_id report_id report_sha256 report_sm3 method technique standard tool tool_version
                    result result_reason verification_mode verified_by station_id station_algorithm site_id
                    recorded_by outcome_state exceptions signature_present @started_at @ended_at @recorded_at tx_id
                    block_number"""),
            TableDigest.ofColumns("lots", "lot_id", """
                    lot_id smelter_msp_id site_id input_count device_count input_weight_grams output_weight_grams
                    @closed_at tx_id block_number"""));

    private record TableDigest(String table, String rowText, String order) {

        /**
         * A digest over the named columns, space-separated; a leading {@code @} marks a {@code timestamptz}. Each
         * value is quoted as a literal (NULL as the bare word), so no two different rows render alike.
         */
        static TableDigest ofColumns(final String table, final String order, final String columns) {
            final String rowText = java.util.Arrays.stream(columns.trim().split("\\s+"))
                    .map(column -> column.startsWith("@")
                            ? "quote_nullable(to_char(" + column.substring(1)
                                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))"
                            : "quote_nullable(" + column + "::text)")
                    .collect(Collectors.joining(", ", "concat_ws('|', ", ")"));
            return new TableDigest(table, rowText, order);
        }

        String sql(final int position) {
            return "SELECT " + position + " AS ordinal, '" + table + "' AS name, count(*) AS row_count,"
                    + " md5(coalesce(string_agg(" + rowText + ", E'\\n' ORDER BY " + order + "), '')) AS digest"
                    + " FROM " + table;
        }
    }

    /** One statement, so that every table is read from the same snapshot even while blocks are being projected. */
    private static final String CHECKSUM = IntStream.range(0, DIGESTS.size())
            .mapToObj(i -> DIGESTS.get(i).sql(i))
            .collect(Collectors.joining(" UNION ALL ", "", " ORDER BY ordinal"));

    private final JdbcTemplate jdbc;
    private final ReadModelProjector readModel = new ReadModelProjector();
    private final JdbcReadModelWriter readModelWriter;

    /**
     * A store on the given connection pool.
     *
     * @param jdbc template over the projection's data source
     */
    public JdbcProjectionStore(final JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.readModelWriter = new JdbcReadModelWriter(jdbc);
    }

    @Override
    public long checkpoint(final String channel) {
        final List<Long> found = jdbc.queryForList(
                "SELECT block_number FROM projection_checkpoint WHERE channel = ?", Long.class, channel);
        return found.isEmpty() ? NOTHING_PROJECTED : found.getFirst();
    }

    @Override
    public long lockCheckpoint(final String channel) {
        // Until this SQL transaction ends.
        jdbc.execute("SET LOCAL application_name = '" + SESSION_NAME + "'");
        // The row exists before it is locked, so that even the first block is serialised between two listeners.
        jdbc.update("INSERT INTO projection_checkpoint (channel, block_number) VALUES (?, ?) ON CONFLICT DO NOTHING",
                channel, NOTHING_PROJECTED);
        return jdbc.queryForObject(
                "SELECT block_number FROM projection_checkpoint WHERE channel = ? FOR UPDATE", Long.class, channel);
    }

    @Override
    public void insert(final List<ProjectedTransaction> transactions) {
        jdbc.batchUpdate(INSERT_TRANSACTION, transactions, BATCH_SIZE, (statement, tx) -> {
            statement.setString(1, tx.txId());
            statement.setLong(2, tx.blockNumber());
            statement.setInt(3, tx.txIndex());
            statement.setString(4, tx.chaincode());
            statement.setString(5, tx.creatorMspId());
            statement.setObject(6, OffsetDateTime.ofInstant(tx.timestamp(), ZoneOffset.UTC));
            statement.setString(7, tx.eventName());
            if (tx.eventPayload() == null) {
                statement.setNull(8, Types.BINARY);
            } else {
                statement.setBytes(8, tx.eventPayload());
            }
        });
        final List<LedgerEvent> events =
                transactions.stream().flatMap(tx -> tx.events().stream()).toList();
        jdbc.batchUpdate(INSERT_EVENT, events, BATCH_SIZE, (statement, event) -> {
            statement.setString(1, event.eventId());
            statement.setString(2, event.deviceId());
            statement.setString(3, event.type());
            statement.setLong(4, event.blockNumber());
            statement.setString(5, event.txId());
            statement.setInt(6, event.txIndex());
            statement.setInt(7, event.eventIndex());
            statement.setString(8, event.payloadJson());
        });
        // The read model follows the events in ledger order, in this same SQL transaction.
        final List<ReadModelChange> changes = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            changes.addAll(readModel.changes(event));
        }
        readModelWriter.applyAll(changes);
    }

    @Override
    public void saveCheckpoint(final String channel, final long blockNumber) {
        final int updated = jdbc.update(
                "UPDATE projection_checkpoint SET block_number = ?, updated_at = now() WHERE channel = ?",
                blockNumber, channel);
        if (updated != 1) {
            throw new IncorrectResultSizeDataAccessException("the checkpoint of channel " + channel
                    + " was not locked before it was saved", 1, updated);
        }
    }

    @Override
    public ProjectionChecksum checksum() {
        return new ProjectionChecksum(jdbc.query(CHECKSUM, (rs, row) ->
                new ProjectionChecksum.Table(rs.getString("name"), rs.getLong("row_count"), rs.getString("digest"))));
    }
}
