package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.audit.AuditException.Kind;
import io.wipetrace.gateway.shared.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The regulator's reads from the projection's read model. Exports stream: rows go to the client as PostgreSQL hands
 * them over (a cursor, {@value #FETCH_SIZE} rows at a time), so an export of millions of devices holds no list.
 */
class AuditQueries {

    static final int FETCH_SIZE = 500;

    private static final String DEVICE_COLUMNS = """
            device_id, state, custodian_msp_id, site_id, collector_msp_id, collection_site_id, collection_channel,
            make, model, locked, collected_at, received_at, wiped_at, wipe_failed_at, dismantled_at,
            storage_destroyed_at, smelted_at, refurbished_at, state_since, updated_at, pending_handover_id,
            erasure_result, erasure_method, erasure_standard, erasure_station_id, lot_id, event_count,
            last_block_number, product_type, resold_at, exported_at""";

    /** Every rule as one SELECT of (kind, subject_type, subject_id, organisation, site_id, since, detail). */
    private static final String EXCEPTIONS = """
            SELECT * FROM (
                SELECT 'COLLECTED_NOT_RECEIVED' AS kind, 'DEVICE' AS subject_type, device_id AS subject_id,
                       custodian_msp_id AS organisation, site_id, collected_at AS since, 'now ' || state AS detail
                FROM devices WHERE received_at IS NULL AND collected_at < ?
                UNION ALL
                SELECT 'RECEIVED_NOT_WIPED', 'DEVICE', device_id, custodian_msp_id, site_id, received_at,
                       'now ' || state
                FROM devices WHERE received_at IS NOT NULL AND erasure_event_id IS NULL AND received_at < ?
                UNION ALL
                SELECT 'HANDOVER_NOT_ACKNOWLEDGED', 'HANDOVER', handover_id, min(to_msp_id), min(to_site_id),
                       min(offered_at), 'offered by ' || min(from_msp_id) || ', ' || count(*) || ' device(s)'
                FROM custody WHERE status = 'PENDING' AND offered_at < ? GROUP BY handover_id
                UNION ALL
                SELECT 'LOT_NOT_RECONCILED', 'LOT', lot_id, smelter_msp_id, site_id, closed_at,
                       format('declared %s device(s), %s on the ledger; input %s g, output %s g', input_count,
                              device_count, input_weight_grams, output_weight_grams)
                FROM lots WHERE input_count <> device_count OR output_weight_grams > input_weight_grams
                UNION ALL
                SELECT 'WIPE_FAILED_NOT_DESTROYED', 'DEVICE', device_id, custodian_msp_id, site_id, wipe_failed_at,
                       'now ' || state
                FROM devices WHERE wipe_failed_at IS NOT NULL AND dismantled_at IS NULL AND wipe_failed_at < ?
                UNION ALL
                SELECT 'SEAL_BROKEN', 'HANDOVER', handover_id, min(to_msp_id), min(to_site_id), min(closed_at),
                       'sent by ' || min(from_msp_id) || ', seal ' || coalesce(min(seal_id), 'without ID')
                       || ', ' || count(*) || ' device(s)'
                FROM custody WHERE seal_intact = false GROUP BY handover_id
                UNION ALL
                SELECT 'REFURBISHED_WITHOUT_VERIFIED_WIPE', 'DEVICE', device_id, custodian_msp_id, site_id,
                       refurbished_at, 'latest erasure ' || coalesce(erasure_result || ' / ' || erasure_verification,
                       'none')
                FROM devices WHERE refurbished_at IS NOT NULL AND (erasure_result IS DISTINCT FROM 'ERASED'
                       OR erasure_verification IS DISTINCT FROM 'FULL')
                UNION ALL
                SELECT 'SEAL_BROKEN_BEFORE_ERASURE', 'DEVICE', device_id, to_msp_id, to_site_id, closed_at,
                       'handover ' || handover_id || ', sent by ' || from_msp_id
                FROM custody WHERE seal_exception LIKE '%SEAL_BROKEN_BEFORE_ERASURE%'
                UNION ALL
                SELECT 'ERASURE_METHOD_NOT_ACCEPTED', 'DEVICE', device_id, custodian_msp_id, site_id,
                       coalesce(wiped_at, wipe_failed_at),
                       'erased by ' || erasure_method
                FROM devices WHERE erasure_method IS NOT NULL AND erasure_method NOT IN (ACCEPTED_METHODS)
                UNION ALL
                SELECT 'RELEASED_WITHOUT_ERASURE', 'DEVICE', device_id, custodian_msp_id, site_id,
                       coalesce(resold_at, exported_at), release_basis || ', latest erasure '
                       || coalesce(erasure_result || ' / ' || erasure_verification || ' / ' || erasure_method, 'none')
                FROM devices WHERE (resold_at IS NOT NULL OR exported_at IS NOT NULL) AND NOT (
                       (release_basis = 'STORAGE_DESTROYED' AND exported_at IS NOT NULL
                            AND storage_destroyed_at IS NOT NULL)
                       OR (release_basis = 'VERIFIED_ERASURE' AND NOT locked AND erasure_result = 'ERASED'
                            AND erasure_verification = 'FULL' AND erasure_method IN (ACCEPTED_METHODS)))
                UNION ALL
                SELECT 'DATA_STEP_WITHOUT_CONSENT', 'DEVICE', device_id, custodian_msp_id, site_id,
                       coalesce(wiped_at, wipe_failed_at, refurbished_at, resold_at, exported_at), 'now ' || state
                FROM devices WHERE NOT consent_recorded AND (erasure_event_id IS NOT NULL OR refurbished_at IS NOT NULL
                       OR resold_at IS NOT NULL OR (exported_at IS NOT NULL AND release_basis = 'VERIFIED_ERASURE'))
            ) e WHERE CAST(? AS text) IS NULL OR kind = CAST(? AS text)""".replace("ACCEPTED_METHODS",
            ComplianceRules.ACCEPTED_METHODS.stream().sorted().map(m -> "'" + m + "'")
                    .collect(java.util.stream.Collectors.joining(", ")));

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final ExceptionRules rules;

    /**
     * Reads over a data source.
     *
     * @param dataSource the projection's database
     * @param rules the exception rules' deadlines and clock
     */
    AuditQueries(final DataSource dataSource, final ExceptionRules rules) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.readOnly.setReadOnly(true);
        this.rules = rules;
    }

    /** A page of devices matching the filter, ordered by device ID. */
    Page<DeviceSummary> devices(final DeviceFilter filter, final int page, final int size) {
        final List<Object> arguments = new ArrayList<>();
        final String where = filter.where(arguments);
        final Long total = jdbc.queryForObject("SELECT count(*) FROM devices" + where, Long.class, arguments.toArray());
        arguments.add(size);
        arguments.add((long) page * size);
        final List<DeviceSummary> items = jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices" + where
                + " ORDER BY device_id LIMIT ? OFFSET ?", (rs, row) -> device(rs), arguments.toArray());
        return Page.of(items, page, size, total == null ? 0 : total);
    }

    /** One device from the read model, if it is there. */
    java.util.Optional<DeviceSummary> device(final String deviceId) {
        return jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = ?",
                (rs, row) -> device(rs), deviceId).stream().findFirst();
    }

    /** Every device matching the filter, ordered by device ID, handed to {@code sink} one by one. */
    void streamDevices(final DeviceFilter filter, final Consumer<DeviceSummary> sink) {
        final List<Object> arguments = new ArrayList<>();
        final String where = filter.where(arguments);
        // In a transaction, so that PostgreSQL's JDBC driver reads through a cursor instead of the whole result.
        readOnly.executeWithoutResult(status -> streaming.query(
                "SELECT " + DEVICE_COLUMNS + " FROM devices" + where + " ORDER BY device_id",
                rs -> {
                    sink.accept(device(rs));
                },
                arguments.toArray()));
    }

    /** A page of exceptions, oldest first; {@code kind} {@code null} for all. */
    Page<AuditException> exceptions(final Kind kind, final int page, final int size) {
        final ExceptionRules.Cutoffs cutoffs = rules.cutoffs();
        final Object[] filter = exceptionArguments(cutoffs, kind);
        final Long total = jdbc.queryForObject("SELECT count(*) FROM (" + EXCEPTIONS + ") c", Long.class, filter);
        final List<Object> arguments = new ArrayList<>(java.util.Arrays.asList(filter));
        arguments.add(size);
        arguments.add((long) page * size);
        final List<AuditException> items = jdbc.query(EXCEPTIONS + " ORDER BY since, kind, subject_id LIMIT ? OFFSET ?",
                (rs, row) -> exception(rs), arguments.toArray());
        return Page.of(items, page, size, total == null ? 0 : total);
    }

    /** Every exception, oldest first, handed to {@code sink} one by one. */
    void streamExceptions(final Kind kind, final Consumer<AuditException> sink) {
        final Object[] arguments = exceptionArguments(rules.cutoffs(), kind);
        readOnly.executeWithoutResult(status -> streaming.query(EXCEPTIONS + " ORDER BY since, kind, subject_id",
                rs -> {
                    sink.accept(exception(rs));
                },
                arguments));
    }

    /** Every organisation that appears in the read model, with its figures, by MSP ID. */
    List<PartnerFigures> partners() {
        final Map<String, Map<String, Long>> held = grouped(
                "SELECT custodian_msp_id, state, count(*) FROM devices GROUP BY 1, 2");
        final Map<String, Map<String, Long>> sent = grouped(
                "SELECT from_msp_id, status, count(DISTINCT handover_id) FROM custody GROUP BY 1, 2");
        final Map<String, Map<String, Long>> received = grouped(
                "SELECT to_msp_id, status, count(DISTINCT handover_id) FROM custody GROUP BY 1, 2");
        final Map<String, Map<String, Long>> erasures = grouped(
                "SELECT recorded_by, result, count(*) FROM erasures GROUP BY 1, 2");
        final Map<String, PartnerFigures.Lots> lots = new TreeMap<>();
        jdbc.query("""
                SELECT smelter_msp_id, count(*), sum(device_count), sum(input_weight_grams), sum(output_weight_grams)
                FROM lots GROUP BY 1""",
                rs -> {
                    lots.put(rs.getString(1), new PartnerFigures.Lots(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                });
        final java.util.SortedSet<String> organisations = new java.util.TreeSet<>();
        organisations.addAll(held.keySet());
        organisations.addAll(sent.keySet());
        organisations.addAll(received.keySet());
        organisations.addAll(erasures.keySet());
        organisations.addAll(lots.keySet());
        return organisations.stream().map(msp -> new PartnerFigures(msp,
                held.getOrDefault(msp, Map.of()), sent.getOrDefault(msp, Map.of()),
                received.getOrDefault(msp, Map.of()), erasures.getOrDefault(msp, Map.of()),
                lots.getOrDefault(msp, new PartnerFigures.Lots(0, 0, 0, 0)))).toList();
    }

    /** The projection's events of a device, oldest first, as the JSON the chaincode emitted. */
    List<String> deviceEvents(final String deviceId) {
        return jdbc.queryForList("SELECT payload::text FROM ledger_event WHERE device_id = ?"
                + " ORDER BY block_number, tx_index, event_index", String.class, deviceId);
    }

    /** The last block projected. */
    long checkpoint() {
        final Long block = jdbc.queryForObject("SELECT max(block_number) FROM projection_checkpoint", Long.class);
        return block == null ? -1 : block;
    }

    private Map<String, Map<String, Long>> grouped(final String sql) {
        final Map<String, Map<String, Long>> result = new TreeMap<>();
        jdbc.query(sql, rs -> {
            result.computeIfAbsent(rs.getString(1), key -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return result;
    }

    private static Object[] exceptionArguments(final ExceptionRules.Cutoffs cutoffs, final Kind kind) {
        final String kindName = kind == null ? null : kind.name();
        return new Object[] {ts(cutoffs.collectedNotReceived()), ts(cutoffs.receivedNotWiped()),
            ts(cutoffs.handoverNotAcknowledged()), ts(cutoffs.wipeFailedNotDestroyed()), kindName, kindName};
    }

    private AuditException exception(final ResultSet rs) throws SQLException {
        final Kind kind = Kind.valueOf(rs.getString("kind"));
        final Instant since = instant(rs, "since");
        return new AuditException(kind, rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("organisation"), rs.getString("site_id"), since, rules.dueAt(kind, since),
                rs.getString("detail"));
    }

    private static DeviceSummary device(final ResultSet rs) throws SQLException {
        return new DeviceSummary(rs.getString("device_id"), rs.getString("state"), rs.getString("custodian_msp_id"),
                rs.getString("site_id"), rs.getString("collector_msp_id"), rs.getString("collection_site_id"),
                rs.getString("collection_channel"), rs.getString("make"), rs.getString("model"),
                rs.getBoolean("locked"), instant(rs, "collected_at"), instant(rs, "received_at"),
                instant(rs, "wiped_at"), instant(rs, "wipe_failed_at"), instant(rs, "dismantled_at"),
                instant(rs, "storage_destroyed_at"), instant(rs, "smelted_at"), instant(rs, "refurbished_at"),
                instant(rs, "state_since"), instant(rs, "updated_at"), rs.getString("pending_handover_id"),
                rs.getString("erasure_result"), rs.getString("erasure_method"), rs.getString("erasure_standard"),
                rs.getString("erasure_station_id"), rs.getString("lot_id"), rs.getInt("event_count"),
                rs.getLong("last_block_number"), rs.getString("product_type"), instant(rs, "resold_at"),
                instant(rs, "exported_at"));
    }

    private static Instant instant(final ResultSet rs, final String column) throws SQLException {
        final Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime ts(final Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
