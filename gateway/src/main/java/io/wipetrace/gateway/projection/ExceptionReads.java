package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.shared.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The cases the regulator's exception rules find in the read model ({@code devices}, {@code custody},
 * {@code lots}): one SELECT per rule, oldest case first. The rules' deadlines and the accepted erasure methods are
 * the caller's; the cases' kinds are the names of the audit's rules.
 */
@Component
public class ExceptionReads {

    /** Every rule as one SELECT of (kind, subject_type, subject_id, organisation, site_id, since, detail). */
    private static final String EXCEPTIONS = """
            SELECT * FROM (
                SELECT 'COLLECTED_NOT_RECEIVED' AS kind, 'DEVICE' AS subject_type, device_id AS subject_id,
                       custodian_msp_id AS organisation, site_id, collected_at AS since, 'now ' || state AS detail
                FROM devices WHERE received_at IS NULL AND collected_at < ? AND state <> 'RETURNED'
                UNION ALL
                SELECT 'RECEIVED_NOT_WIPED', 'DEVICE', device_id, custodian_msp_id, site_id, received_at,
                       'now ' || state
                FROM devices WHERE received_at IS NOT NULL AND erasure_event_id IS NULL AND received_at < ?
                      AND state <> 'RETURNED'
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
                SELECT 'DEVICE_MISSING', 'DEVICE', device_id, from_msp_id, from_site_id, closed_at,
                       'not found on arrival by ' || to_msp_id || ', handover ' || handover_id
                FROM custody WHERE status = 'MISSING'
                UNION ALL
                SELECT 'ERASURE_METHOD_NOT_ACCEPTED', 'DEVICE', device_id, custodian_msp_id, site_id,
                       coalesce(wiped_at, wipe_failed_at),
                       'erased by ' || erasure_method
                FROM devices WHERE erasure_method IS NOT NULL AND NOT (erasure_method = ANY (CAST(? AS text[])))
                UNION ALL
                SELECT 'RELEASED_WITHOUT_ERASURE', 'DEVICE', device_id, custodian_msp_id, site_id,
                       coalesce(resold_at, exported_at), release_basis || ', latest erasure '
                       || coalesce(erasure_result || ' / ' || erasure_verification || ' / ' || erasure_method, 'none')
                FROM devices WHERE (resold_at IS NOT NULL OR exported_at IS NOT NULL) AND NOT (
                       (release_basis = 'STORAGE_DESTROYED' AND exported_at IS NOT NULL
                            AND storage_destroyed_at IS NOT NULL)
                       OR (release_basis = 'VERIFIED_ERASURE' AND NOT locked AND erasure_result = 'ERASED'
                            AND erasure_verification = 'FULL' AND erasure_method = ANY (CAST(? AS text[]))))
                UNION ALL
                SELECT 'DATA_STEP_WITHOUT_CONSENT', 'DEVICE', device_id, custodian_msp_id, site_id,
                       coalesce(wiped_at, wipe_failed_at, refurbished_at, resold_at, exported_at), 'now ' || state
                FROM devices WHERE NOT consent_recorded AND (erasure_event_id IS NOT NULL OR refurbished_at IS NOT NULL
                       OR resold_at IS NOT NULL OR (exported_at IS NOT NULL AND release_basis = 'VERIFIED_ERASURE'))
            ) e WHERE (CAST(? AS text) IS NULL OR kind = CAST(? AS text))
              AND (CAST(? AS text) IS NULL OR organisation = CAST(? AS text))
              AND (CAST(? AS text) IS NULL OR site_id = CAST(? AS text))
              AND (CAST(? AS timestamptz) IS NULL OR since >= CAST(? AS timestamptz))
              AND (CAST(? AS timestamptz) IS NULL OR since < CAST(? AS timestamptz))
              AND (CAST(? AS text) IS NULL OR subject_id = CAST(? AS text))""";

    private final JdbcTemplate jdbc;
    private final ReadModelCursor cursor;

    /**
     * Reads over the projection's database.
     *
     * @param dataSource the projection's database
     */
    public ExceptionReads(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.cursor = new ReadModelCursor(dataSource, DeviceReads.FETCH_SIZE);
    }

    /**
     * What to look for.
     *
     * @param collectedNotReceivedBefore a device collected before this and never received is a case
     * @param receivedNotWipedBefore a device received before this and never wiped is a case
     * @param handoverNotAcknowledgedBefore a handover offered before this and still pending is a case
     * @param wipeFailedNotDestroyedBefore a device whose wipe failed before this and not dismantled is a case
     * @param acceptedErasureMethods the erasure methods a release may rest on
     * @param kind keeps one rule's cases; {@code null} for all
     * @param organisation keeps the cases of the organisation expected to act (an MSP ID); {@code null} for all
     * @param siteId keeps the cases at one site; {@code null} for all
     * @param from keeps the cases whose clock started at or after this; {@code null} for no lower bound
     * @param to keeps the cases whose clock started before this; {@code null} for no upper bound
     * @param subjectId keeps the cases of one device, handover or lot; {@code null} for all
     */
    public record Criteria(Instant collectedNotReceivedBefore, Instant receivedNotWipedBefore,
            Instant handoverNotAcknowledgedBefore, Instant wipeFailedNotDestroyedBefore,
            Set<String> acceptedErasureMethods, String kind, String organisation, String siteId, Instant from,
            Instant to, String subjectId) {}

    /**
     * One case.
     *
     * @param kind the rule that found it
     * @param subjectType DEVICE, HANDOVER or LOT
     * @param subjectId the subject's ID
     * @param organisation who is expected to act
     * @param siteId where
     * @param since when the case's clock started
     * @param detail what the read model shows
     */
    public record Case(String kind, String subjectType, String subjectId, String organisation, String siteId,
            Instant since, String detail) {}

    /**
     * A page of cases, oldest first.
     *
     * @param criteria what to look for
     * @param page the page, from 0
     * @param size its size
     * @return the page
     */
    public Page<Case> page(final Criteria criteria, final int page, final int size) {
        final Object[] filter = arguments(criteria);
        final Long total = jdbc.queryForObject("SELECT count(*) FROM (" + EXCEPTIONS + ") c", Long.class, filter);
        final List<Object> arguments = new ArrayList<>(java.util.Arrays.asList(filter));
        arguments.add(size);
        arguments.add((long) page * size);
        final List<Case> items = jdbc.query(EXCEPTIONS + " ORDER BY since, kind, subject_id LIMIT ? OFFSET ?",
                (rs, row) -> exception(rs), arguments.toArray());
        return Page.of(items, page, size, total == null ? 0 : total);
    }

    /**
     * Every case, oldest first, handed to {@code sink} one by one.
     *
     * @param criteria what to look for
     * @param sink what takes each case
     */
    public void stream(final Criteria criteria, final Consumer<Case> sink) {
        cursor.stream(EXCEPTIONS + " ORDER BY since, kind, subject_id", rs -> sink.accept(exception(rs)),
                arguments(criteria));
    }

    private static Object[] arguments(final Criteria criteria) {
        final String[] methods = criteria.acceptedErasureMethods().stream().sorted().toArray(String[]::new);
        return new Object[] {ReadModelRows.timestamp(criteria.collectedNotReceivedBefore()),
            ReadModelRows.timestamp(criteria.receivedNotWipedBefore()),
            ReadModelRows.timestamp(criteria.handoverNotAcknowledgedBefore()),
            ReadModelRows.timestamp(criteria.wipeFailedNotDestroyedBefore()), methods, methods, criteria.kind(),
            criteria.kind(), criteria.organisation(), criteria.organisation(), criteria.siteId(), criteria.siteId(),
            nullable(criteria.from()), nullable(criteria.from()), nullable(criteria.to()), nullable(criteria.to()),
            criteria.subjectId(),
            criteria.subjectId()};
    }

    private static java.time.OffsetDateTime nullable(final Instant instant) {
        return instant == null ? null : ReadModelRows.timestamp(instant);
    }

    private static Case exception(final ResultSet rs) throws SQLException {
        return new Case(rs.getString("kind"), rs.getString("subject_type"), rs.getString("subject_id"),
                rs.getString("organisation"), rs.getString("site_id"), ReadModelRows.instant(rs, "since"),
                rs.getString("detail"));
    }
}
