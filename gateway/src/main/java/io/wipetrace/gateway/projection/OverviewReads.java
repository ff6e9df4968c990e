package io.wipetrace.gateway.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The regulator's overview of the read model ({@code devices}, {@code custody}, {@code lots}): the dashboard's
 * figures and the search by the start of a device, bag, seal, lot or handover ID. Sums are computed in SQL, so the dashboard costs the
 * same whatever the number of devices.
 */
@Component
public class OverviewReads {

    /** Upper bounds, in hours, of the time-to-destruction buckets; the last bucket is open. */
    public static final List<Integer> DESTRUCTION_BUCKET_HOURS = List.of(24, 72, 168, 336, 720);

    private final JdbcTemplate jdbc;

    /**
     * Reads over the projection's database.
     *
     * @param dataSource the projection's database
     */
    public OverviewReads(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Dashboard figures.
     *
     * @param devicesByState how many devices are in each state now
     * @param flowPerDay per UTC day of the last {@code days}: devices collected, wiped and with storage destroyed
     * @param timeToDestruction devices whose storage was destroyed, by hours from collection: bucket {@code i}
     *     counts those under {@code bucketHours[i]} (and at least the bucket before); the last counts the rest
     * @param bucketHours the buckets' upper bounds in hours
     */
    public record Statistics(Map<String, Long> devicesByState, List<DayFlow> flowPerDay, List<Long> timeToDestruction,
            List<Integer> bucketHours) {}

    /** One day's flow. */
    public record DayFlow(LocalDate day, long collected, long wiped, long storageDestroyed) {}

    /**
     * What a search found.
     *
     * @param query what was searched for
     * @param devices the devices found, at most {@code limit}
     * @param handovers the handovers found, at most {@code limit}
     * @param lot the lot whose ID is the query, if any
     * @param lots the lots whose ID starts with the query, at most {@code limit}
     * @param truncated whether more devices, handovers or lots start with the query than are listed
     * @param limit the most of each listed
     */
    public record SearchResult(String query, List<Found> devices, List<FoundHandover> handovers, FoundLot lot,
            List<FoundLot> lots, boolean truncated, int limit) {}

    /** A device found. */
    public record Found(String deviceId, String state, String custodianMspId, String bagId, String lotId,
            Instant updatedAt) {}

    /** A handover found, over all its devices. */
    public record FoundHandover(String handoverId, String status, String fromMspId, String toMspId, int deviceCount,
            Instant offeredAt, Boolean sealIntact) {}

    /** The lot found. */
    public record FoundLot(String lotId, String smelterMspId, String siteId, int inputCount, int deviceCount,
            long inputWeightGrams, long outputWeightGrams, Instant closedAt) {}

    /**
     * The dashboard's figures.
     *
     * @param days how many UTC days, today included, the flow covers
     * @return the figures
     */
    public Statistics statistics(final int days) {
        final Map<String, Long> byState = new LinkedHashMap<>();
        jdbc.query("SELECT state, count(*) FROM devices GROUP BY state ORDER BY state",
                rs -> {
                    byState.put(rs.getString(1), rs.getLong(2));
                });
        final List<DayFlow> flow = jdbc.query("""
                SELECT d::date AS day,
                       (SELECT count(*) FROM devices WHERE collected_at >= d AND collected_at < d + interval '1 day'),
                       (SELECT count(*) FROM devices WHERE wiped_at >= d AND wiped_at < d + interval '1 day'),
                       (SELECT count(*) FROM devices
                         WHERE storage_destroyed_at >= d AND storage_destroyed_at < d + interval '1 day')
                FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ? - 1),
                                     date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS d
                ORDER BY d""", (rs, row) -> new DayFlow(rs.getObject(1, LocalDate.class), rs.getLong(2),
                rs.getLong(3), rs.getLong(4)), days);
        final Long[] buckets = new Long[DESTRUCTION_BUCKET_HOURS.size() + 1];
        java.util.Arrays.fill(buckets, 0L);
        jdbc.query("""
                SELECT width_bucket(extract(epoch FROM storage_destroyed_at - collected_at) / 3600,
                                    CAST(? AS float8[])),
                       count(*)
                FROM devices WHERE storage_destroyed_at IS NOT NULL GROUP BY 1""",
                rs -> {
                    buckets[rs.getInt(1)] = rs.getLong(2);
                }, DESTRUCTION_BUCKET_HOURS.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",", "{", "}")));
        return new Statistics(byState, flow, List.of(buckets), DESTRUCTION_BUCKET_HOURS);
    }

    /** At most this many devices, handovers and lots each in one search's answer. */
    public static final int SEARCH_LIMIT = 50;

    /**
     * Devices, handovers and lots found by the start of an identifier: devices whose device, bag or lot ID starts
     * with it or that travelled in a handover whose handover or seal ID does; handovers whose handover or seal ID
     * starts with it or that carried a device whose ID does; lots whose ID does. At most {@link #SEARCH_LIMIT} of each,
     * in ID order; each {@code LIKE 'prefix%'} is a range scan of a {@code text_pattern_ops} index (migration V14).
     *
     * @param q the start of a device, bag, seal, lot or handover ID (a whole ID is its own start)
     * @return what was found; {@code lot} is the lot whose ID is exactly {@code q}, if any
     */
    public SearchResult search(final String q) {
        final String prefix = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        final int limit = SEARCH_LIMIT + 1;
        final List<Found> devices = jdbc.query("""
                SELECT device_id, state, custodian_msp_id, bag_id, lot_id, updated_at FROM devices
                WHERE device_id IN (
                    (SELECT device_id FROM devices WHERE device_id LIKE ? ORDER BY device_id LIMIT ?)
                    UNION (SELECT device_id FROM devices WHERE bag_id LIKE ? ORDER BY bag_id LIMIT ?)
                    UNION (SELECT device_id FROM devices WHERE lot_id LIKE ? ORDER BY lot_id LIMIT ?)
                    UNION (SELECT device_id FROM custody WHERE handover_id LIKE ? ORDER BY handover_id LIMIT ?)
                    UNION (SELECT device_id FROM custody WHERE seal_id LIKE ? ORDER BY seal_id LIMIT ?))
                ORDER BY device_id LIMIT ?""", (rs, row) -> new Found(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), ReadModelRows.instant(rs.getTimestamp(6))),
                prefix, limit, prefix, limit, prefix, limit, prefix, limit, prefix, limit, limit);
        final List<FoundHandover> handovers = jdbc.query("""
                SELECT handover_id, min(status), min(from_msp_id), min(to_msp_id), count(*), min(offered_at),
                       bool_and(seal_intact)
                FROM custody WHERE handover_id IN (
                    (SELECT handover_id FROM custody WHERE handover_id LIKE ? ORDER BY handover_id LIMIT ?)
                    UNION (SELECT handover_id FROM custody WHERE seal_id LIKE ? ORDER BY seal_id LIMIT ?)
                    UNION (SELECT handover_id FROM custody WHERE device_id LIKE ? ORDER BY device_id LIMIT ?))
                GROUP BY handover_id ORDER BY handover_id LIMIT ?""", (rs, row) -> new FoundHandover(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                ReadModelRows.instant(rs.getTimestamp(6)), (Boolean) rs.getObject(7)),
                prefix, limit, prefix, limit, prefix, limit, limit);
        final List<FoundLot> lots = jdbc.query("""
                SELECT lot_id, smelter_msp_id, site_id, input_count, device_count, input_weight_grams,
                       output_weight_grams, closed_at FROM lots WHERE lot_id LIKE ? ORDER BY lot_id LIMIT ?""",
                (rs, row) -> new FoundLot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), ReadModelRows.instant(rs.getTimestamp(8))),
                prefix, limit);
        final boolean truncated = devices.size() > SEARCH_LIMIT || handovers.size() > SEARCH_LIMIT
                || lots.size() > SEARCH_LIMIT;
        return new SearchResult(q, first(devices), first(handovers),
                lots.stream().filter(lot -> lot.lotId().equals(q)).findFirst().orElse(null), first(lots),
                truncated, SEARCH_LIMIT);
    }

    private static <T> List<T> first(final List<T> found) {
        return found.size() > SEARCH_LIMIT ? List.copyOf(found.subList(0, SEARCH_LIMIT)) : found;
    }
}
