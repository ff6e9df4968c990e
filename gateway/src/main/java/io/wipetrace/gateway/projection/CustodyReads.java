package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.shared.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One partner's custody as the read model has it ({@code devices}, {@code custody}): the devices it holds and the
 * handovers offered to it that wait for its answer. Every query is scoped to one organisation's MSP ID.
 */
@Component
public class CustodyReads {

    private static final String DEVICE_COLUMNS = "device_id, state, make, model, storage_gb, site_id, bag_id,"
            + " pending_handover_id, locked, state_since, erasure_result, product_type";

    private final JdbcTemplate jdbc;

    /**
     * Reads over the projection's database.
     *
     * @param dataSource the projection's database
     */
    public CustodyReads(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A device an organisation holds. */
    public record HeldDevice(String deviceId, String state, String make, String model, int storageGb, String siteId,
            String bagId, String pendingHandoverId, boolean locked, Instant stateSince, String erasureResult,
            String productType) {}

    /** A handover offered to an organisation, not yet accepted or rejected. */
    public record IncomingHandover(String handoverId, String fromMspId, String fromSiteId, String toSiteId,
            String containerId, String sealId, String waybill, int deviceCount, Instant offeredAt,
            List<String> deviceIds) {}

    /**
     * A page of the devices an organisation holds, by device ID.
     *
     * @param mspId the custodian
     * @param state keeps one state; {@code null} for all
     * @param prefix keeps devices whose ID or bag ID starts with it; {@code null} for all
     * @param page the page, from 0
     * @param size its size
     * @return the page
     */
    public Page<HeldDevice> heldDevices(final String mspId, final String state, final String prefix, final int page,
            final int size) {
        final List<Object> arguments = new ArrayList<>();
        final String where = heldWhere(mspId, state, prefix, arguments);
        final Long total = jdbc.queryForObject("SELECT count(*) FROM devices" + where, Long.class, arguments.toArray());
        arguments.add(size);
        arguments.add((long) page * size);
        final List<HeldDevice> items = jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices" + where
                + " ORDER BY device_id LIMIT ? OFFSET ?", (rs, row) -> heldDevice(rs), arguments.toArray());
        final long count = total == null ? 0 : total;
        return new Page<>(items, page, size, count, (count + size - 1) / size);
    }

    /**
     * Every device an organisation holds, by device ID, as {@link #heldDevices} filters them, for an export.
     *
     * @param mspId the custodian
     * @param state keeps one state; {@code null} for all
     * @param prefix keeps devices whose ID or bag ID starts with it; {@code null} for all
     * @param sink receives each device
     */
    public void streamHeldDevices(final String mspId, final String state, final String prefix,
            final Consumer<HeldDevice> sink) {
        final List<Object> arguments = new ArrayList<>();
        final String where = heldWhere(mspId, state, prefix, arguments);
        jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices" + where + " ORDER BY device_id",
                rs -> {
                    sink.accept(heldDevice(rs));
                }, arguments.toArray());
    }

    /** The custody list's filter: the organisation's devices, of a state, whose device or bag ID starts with a prefix. */
    private static String heldWhere(final String mspId, final String state, final String prefix,
            final List<Object> arguments) {
        arguments.add(mspId);
        final StringBuilder where = new StringBuilder(" WHERE custodian_msp_id = ?");
        if (state != null) {
            where.append(" AND state = ?");
            arguments.add(state);
        }
        if (prefix != null) {
            where.append(" AND (device_id LIKE ? OR bag_id LIKE ?)");
            final String like = prefix.replace("_", "\\_") + "%";
            arguments.add(like);
            arguments.add(like);
        }
        return where.toString();
    }

    /**
     * A device an organisation holds, collected, handed on or accepted, and who holds it now.
     *
     * @param mspId the organisation
     * @param deviceId the device
     * @return the device's custodian, or empty when the organisation never held it (whether it exists or not)
     */
    public Optional<String> custodianIfEverHeldBy(final String mspId, final String deviceId) {
        return jdbc.query("SELECT custodian_msp_id FROM devices d WHERE device_id = ? AND (custodian_msp_id = ?"
                + " OR collector_msp_id = ? OR EXISTS (SELECT 1 FROM custody c WHERE c.device_id = d.device_id"
                + " AND (c.from_msp_id = ? OR (c.to_msp_id = ? AND c.status = 'ACCEPTED'))))",
                (rs, row) -> rs.getString(1), deviceId, mspId, mspId, mspId, mspId).stream().findFirst();
    }

    /**
     * @param deviceId a device
     * @return its row as the custody list shows it, or empty
     */
    public Optional<HeldDevice> device(final String deviceId) {
        return jdbc.query("SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = ?",
                (rs, row) -> heldDevice(rs), deviceId).stream().findFirst();
    }

    /** One handover of a device. */
    public record CustodyStep(String handoverId, String status, String fromMspId, String fromSiteId, String toMspId,
            String toSiteId, String sealId, String waybill, Instant offeredAt, Instant closedAt, Boolean sealIntact,
            String sealException, String rejectionReason) {}

    /**
     * @param deviceId a device
     * @return its handovers, oldest first
     */
    public List<CustodyStep> custodySteps(final String deviceId) {
        return jdbc.query("SELECT handover_id, status, from_msp_id, from_site_id, to_msp_id, to_site_id, seal_id,"
                + " waybill, offered_at, closed_at, seal_intact, seal_exception, rejection_reason FROM custody"
                + " WHERE device_id = ? ORDER BY offered_block, handover_id", (rs, row) -> new CustodyStep(
                        rs.getString("handover_id"), rs.getString("status"), rs.getString("from_msp_id"),
                        rs.getString("from_site_id"), rs.getString("to_msp_id"), rs.getString("to_site_id"),
                        rs.getString("seal_id"), rs.getString("waybill"),
                        ReadModelRows.instant(rs.getTimestamp("offered_at")),
                        ReadModelRows.instant(rs.getTimestamp("closed_at")), (Boolean) rs.getObject("seal_intact"),
                        rs.getString("seal_exception"), rs.getString("rejection_reason")), deviceId);
    }

    private static HeldDevice heldDevice(final ResultSet rs) throws SQLException {
        return new HeldDevice(rs.getString("device_id"), rs.getString("state"), rs.getString("make"),
                rs.getString("model"), rs.getInt("storage_gb"), rs.getString("site_id"), rs.getString("bag_id"),
                rs.getString("pending_handover_id"), rs.getBoolean("locked"),
                ReadModelRows.instant(rs.getTimestamp("state_since")), rs.getString("erasure_result"),
                rs.getString("product_type"));
    }

    /**
     * The devices of one bag that an organisation holds in one of the given states with no handover pending: those a
     * bag offer hands over.
     *
     * @param mspId the custodian
     * @param bagId the bag named at collection
     * @param states the states to keep
     * @param limit the most device IDs returned
     * @return their IDs, in ID order
     */
    public List<String> bagDevices(final String mspId, final String bagId, final Collection<String> states,
            final int limit) {
        return jdbc.queryForList("SELECT device_id FROM devices WHERE bag_id = ? AND custodian_msp_id = ?"
                + " AND state = ANY (CAST(? AS text[])) AND pending_handover_id IS NULL ORDER BY device_id LIMIT ?",
                String.class, bagId, mspId, states.toArray(String[]::new), limit);
    }

    /**
     * The handovers offered to an organisation that wait for its answer, oldest first, at most 500.
     *
     * @param mspId the receiver
     * @return the handovers, each with its devices by ID
     */
    public List<IncomingHandover> incomingHandovers(final String mspId) {
        return jdbc.query("SELECT handover_id, min(from_msp_id) AS from_msp_id, min(from_site_id) AS from_site_id,"
                + " min(to_site_id) AS to_site_id, min(container_id) AS container_id, min(seal_id) AS seal_id,"
                + " min(waybill) AS waybill, min(device_count) AS device_count, min(offered_at) AS offered_at,"
                + " string_agg(device_id, ',' ORDER BY device_id) AS device_ids FROM custody"
                + " WHERE to_msp_id = ? AND status = 'PENDING' GROUP BY handover_id ORDER BY offered_at, handover_id"
                + " LIMIT 500", (rs, row) -> new IncomingHandover(rs.getString("handover_id"),
                        rs.getString("from_msp_id"), rs.getString("from_site_id"), rs.getString("to_site_id"),
                        rs.getString("container_id"), rs.getString("seal_id"), rs.getString("waybill"),
                        rs.getInt("device_count"), ReadModelRows.instant(rs.getTimestamp("offered_at")),
                        Arrays.asList(rs.getString("device_ids").split(","))), mspId);
    }
}
