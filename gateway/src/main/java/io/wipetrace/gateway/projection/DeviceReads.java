package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.shared.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read model's devices for the regulator ({@code devices}, and {@code custody}, {@code erasures}, {@code lots}
 * for each organisation's figures), a device's projected events and the projection's checkpoint. Exports stream:
 * rows go to the caller as PostgreSQL hands them over (a cursor, {@value #FETCH_SIZE} rows at a time), so an export
 * of millions of devices holds no list.
 */
@Component
public class DeviceReads {

    /** Rows fetched at a time by the streaming reads. */
    public static final int FETCH_SIZE = 500;

    private static final String DEVICE_COLUMNS = """
            device_id, state, custodian_msp_id, site_id, collector_msp_id, collection_site_id, collection_channel,
            make, model, locked, collected_at, received_at, wiped_at, wipe_failed_at, dismantled_at,
            storage_destroyed_at, smelted_at, refurbished_at, state_since, updated_at, pending_handover_id,
            erasure_result, erasure_method, erasure_standard, erasure_station_id, lot_id, event_count,
            last_block_number, product_type, resold_at, exported_at""";

    private final JdbcTemplate jdbc;
    private final ReadModelCursor cursor;

    /**
     * Reads over the projection's database.
     *
     * @param dataSource the projection's database
     */
    public DeviceReads(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.cursor = new ReadModelCursor(dataSource, FETCH_SIZE);
    }

    /** A page of devices matching the filter, ordered by device ID. */
    public Page<DeviceSummary> devices(final DeviceFilter filter, final int page, final int size) {
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
    public java.util.Optional<DeviceSummary> device(final String deviceId) {
        return jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = ?",
                (rs, row) -> device(rs), deviceId).stream().findFirst();
    }

    /** Every device matching the filter, ordered by device ID, handed to {@code sink} one by one. */
    public void streamDevices(final DeviceFilter filter, final Consumer<DeviceSummary> sink) {
        final List<Object> arguments = new ArrayList<>();
        final String where = filter.where(arguments);
        cursor.stream("SELECT " + DEVICE_COLUMNS + " FROM devices" + where + " ORDER BY device_id",
                rs -> sink.accept(device(rs)), arguments.toArray());
    }

    /** Every organisation that appears in the read model, with its figures, by MSP ID. */
    public List<PartnerFigures> partners() {
        final Map<String, Map<String, Long>> held = grouped(
                "SELECT custodian_msp_id, state, count(*) FROM devices GROUP BY 1, 2");
        // A custody row is one device's; a handover accepted in part has ACCEPTED rows and MISSING ones, and counts
        // once, as ACCEPTED (accepting none is a rejection, so an accepted handover always has an ACCEPTED row).
        final Map<String, Map<String, Long>> sent = grouped("SELECT from_msp_id, status, count(DISTINCT handover_id)"
                + " FROM custody WHERE status <> 'MISSING' GROUP BY 1, 2");
        final Map<String, Map<String, Long>> received = grouped("SELECT to_msp_id, status,"
                + " count(DISTINCT handover_id) FROM custody WHERE status <> 'MISSING' GROUP BY 1, 2");
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
    public List<String> deviceEvents(final String deviceId) {
        return jdbc.queryForList("SELECT payload::text FROM ledger_event WHERE device_id = ?"
                + " ORDER BY block_number, tx_index, event_index", String.class, deviceId);
    }

    /** The last block projected. */
    public long checkpoint() {
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

    private static DeviceSummary device(final ResultSet rs) throws SQLException {
        return new DeviceSummary(rs.getString("device_id"), rs.getString("state"), rs.getString("custodian_msp_id"),
                rs.getString("site_id"), rs.getString("collector_msp_id"), rs.getString("collection_site_id"),
                rs.getString("collection_channel"), rs.getString("make"), rs.getString("model"),
                rs.getBoolean("locked"), ReadModelRows.instant(rs, "collected_at"), ReadModelRows.instant(rs, "received_at"),
                ReadModelRows.instant(rs, "wiped_at"), ReadModelRows.instant(rs, "wipe_failed_at"), ReadModelRows.instant(rs, "dismantled_at"),
                ReadModelRows.instant(rs, "storage_destroyed_at"), ReadModelRows.instant(rs, "smelted_at"), ReadModelRows.instant(rs, "refurbished_at"),
                ReadModelRows.instant(rs, "state_since"), ReadModelRows.instant(rs, "updated_at"), rs.getString("pending_handover_id"),
                rs.getString("erasure_result"), rs.getString("erasure_method"), rs.getString("erasure_standard"),
                rs.getString("erasure_station_id"), rs.getString("lot_id"), rs.getInt("event_count"),
                rs.getLong("last_block_number"), rs.getString("product_type"), ReadModelRows.instant(rs, "resold_at"),
                ReadModelRows.instant(rs, "exported_at"));
    }
}
