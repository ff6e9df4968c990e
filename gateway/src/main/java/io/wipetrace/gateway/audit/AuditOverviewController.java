package io.wipetrace.gateway.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulator's dashboard figures and its search by device, bag, lot or handover ID, from the read model. Sums
 * are computed in SQL, so the dashboard costs the same whatever the number of devices.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditOverviewController {

    /** Upper bounds, in hours, of the time-to-destruction buckets; the last bucket is open. */
    static final List<Integer> DESTRUCTION_BUCKET_HOURS = List.of(24, 72, 168, 336, 720);

    private final JdbcTemplate jdbc;

    AuditOverviewController(final DataSource dataSource) {
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
    record Statistics(Map<String, Long> devicesByState, List<DayFlow> flowPerDay, List<Long> timeToDestruction,
            List<Integer> bucketHours) {}

    /** One day's flow. */
    record DayFlow(LocalDate day, long collected, long wiped, long storageDestroyed) {}

    /** What a search found. */
    record SearchResult(String query, List<Found> devices, List<FoundHandover> handovers, FoundLot lot) {}

    record Found(String deviceId, String state, String custodianMspId, String bagId, String lotId,
            Instant updatedAt) {}

    record FoundHandover(String handoverId, String status, String fromMspId, String toMspId, int deviceCount,
            Instant offeredAt, Boolean sealIntact) {}

    record FoundLot(String lotId, String smelterMspId, String siteId, int inputCount, int deviceCount,
            long inputWeightGrams, long outputWeightGrams, Instant closedAt) {}

    @GetMapping("/statistics")
    @Operation(summary = "Dashboard figures: devices by state, flow per day, time to storage destruction")
    Statistics statistics(@RequestParam(defaultValue = "30") @Min(1) @Max(366) final int days) {
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

    @GetMapping("/search")
    @Operation(summary = "Find devices, handovers and a lot by device, bag, lot or handover ID")
    SearchResult search(@RequestParam @Pattern(regexp = Identifiers.ID) final String q) {
        final List<Found> devices = jdbc.query("""
                SELECT device_id, state, custodian_msp_id, bag_id, lot_id, updated_at FROM devices
                WHERE device_id = ? OR bag_id = ? OR lot_id = ?
                   OR device_id IN (SELECT device_id FROM custody WHERE handover_id = ?)
                ORDER BY device_id LIMIT 500""", (rs, row) -> new Found(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6))), q, q, q, q);
        final List<FoundHandover> handovers = jdbc.query("""
                SELECT handover_id, min(status), min(from_msp_id), min(to_msp_id), count(*), min(offered_at),
                       bool_and(seal_intact)
                FROM custody WHERE handover_id = ? OR device_id = ? GROUP BY handover_id
                ORDER BY min(offered_at)""", (rs, row) -> new FoundHandover(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getInt(5), instant(rs.getTimestamp(6)),
                (Boolean) rs.getObject(7)), q, q);
        final FoundLot lot = jdbc.query("""
                SELECT lot_id, smelter_msp_id, site_id, input_count, device_count, input_weight_grams,
                       output_weight_grams, closed_at FROM lots WHERE lot_id = ?""",
                (rs, row) -> new FoundLot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), instant(rs.getTimestamp(8))), q)
                .stream().findFirst().orElse(null);
        return new SearchResult(q, devices, handovers, lot);
    }

    private static Instant instant(final Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
