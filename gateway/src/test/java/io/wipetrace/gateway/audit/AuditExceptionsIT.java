package io.wipetrace.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.wipetrace.gateway.FreshSchema;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.audit.AuditException.Kind;
import io.wipetrace.gateway.projection.DeviceReads;
import io.wipetrace.gateway.projection.ExceptionReads;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.shared.Page;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The exception rules' SQL on the real PostgreSQL, over read-model rows written for the purpose into a fresh schema
 * (migrated by Flyway like the live one), with a fixed clock: each rule finds exactly its cases, and a case just
 * inside its deadline is not one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class AuditExceptionsIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final AuditProperties.Deadlines DEADLINES = new AuditProperties.Deadlines(Duration.ofHours(72),
            Duration.ofDays(14), Duration.ofHours(48), Duration.ofDays(30));

    @Autowired
    private DataSourceProperties dataSource;

    private FreshSchema schema;
    private JdbcTemplate jdbc;
    private AuditQueries queries;

    @BeforeAll
    static void requireARunningNetwork() {
        RunningNetwork.require();
    }

    @BeforeEach
    void freshSchema() {
        schema = FreshSchema.create("audit", dataSource.determineUrl(), dataSource.determineUsername(),
                dataSource.determinePassword());
        jdbc = schema.jdbc();
        queries = new AuditQueries(new DeviceReads(schema.dataSource()), new ExceptionReads(schema.dataSource()),
                new ExceptionRules(DEADLINES, Clock.fixed(NOW, ZoneOffset.UTC)),
                new AcknowledgementStore(org.springframework.jdbc.core.simple.JdbcClient.create(schema.dataSource())));
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void each_rule_finds_its_overdue_cases_and_nothing_inside_its_deadline() {
        device("DEV-A-collected-73h-ago", NOW.minus(Duration.ofHours(73)), null, null, null, null);
        device("DEV-B-collected-71h-ago", NOW.minus(Duration.ofHours(71)), null, null, null, null);
        device("DEV-C-received-15d-ago", NOW.minus(Duration.ofDays(16)), NOW.minus(Duration.ofDays(15)), null, null,
                null);
        device("DEV-D-received-and-wiped", NOW.minus(Duration.ofDays(16)), NOW.minus(Duration.ofDays(15)), "e:0",
                null, null);
        device("DEV-E-failed-31d-ago-kept", NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(35)), "f:0",
                NOW.minus(Duration.ofDays(31)), null);
        device("DEV-F-failed-31d-ago-dismantled", NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(35)),
                "g:0", NOW.minus(Duration.ofDays(31)), NOW.minus(Duration.ofDays(20)));
        // A bag of two offered 49 h ago is one overdue handover; one offered 47 h ago is not overdue yet.
        handover("HO-49h", "DEV-A-collected-73h-ago", NOW.minus(Duration.ofHours(49)), "PENDING", null);
        handover("HO-49h", "DEV-B-collected-71h-ago", NOW.minus(Duration.ofHours(49)), "PENDING", null);
        handover("HO-47h", "DEV-C-received-15d-ago", NOW.minus(Duration.ofHours(47)), "PENDING", null);
        handover("HO-broken-seal", "DEV-D-received-and-wiped", NOW.minus(Duration.ofDays(15)), "ACCEPTED", false);
        handover("HO-intact", "DEV-E-failed-31d-ago-kept", NOW.minus(Duration.ofDays(35)), "ACCEPTED", true);
        refurbished("DEV-G-refurbished-sampled", "SAMPLED", NOW.minus(Duration.ofHours(30)));
        refurbished("DEV-H-refurbished-verified", "FULL", NOW.minus(Duration.ofHours(29)));
        lot("LOT-short", 3, 2, 500, 100, NOW.minus(Duration.ofDays(2)));
        lot("LOT-heavier-out", 2, 2, 300, 301, NOW.minus(Duration.ofDays(1)));
        lot("LOT-fine", 2, 2, 300, 80, NOW.minus(Duration.ofDays(3)));

        final Page<AuditException> page = queries.exceptions(ExceptionFilter.ALL, 0, 200);

        assertThat(page.items()).extracting(AuditException::kind, AuditException::subjectId).containsExactly(
                tuple(Kind.WIPE_FAILED_NOT_DESTROYED, "DEV-E-failed-31d-ago-kept"),
                tuple(Kind.RECEIVED_NOT_WIPED, "DEV-C-received-15d-ago"),
                tuple(Kind.SEAL_BROKEN, "HO-broken-seal"),
                tuple(Kind.COLLECTED_NOT_RECEIVED, "DEV-A-collected-73h-ago"),
                tuple(Kind.HANDOVER_NOT_ACKNOWLEDGED, "HO-49h"),
                tuple(Kind.LOT_NOT_RECONCILED, "LOT-short"),
                tuple(Kind.REFURBISHED_WITHOUT_VERIFIED_WIPE, "DEV-G-refurbished-sampled"),
                tuple(Kind.LOT_NOT_RECONCILED, "LOT-heavier-out"));
        assertThat(page.totalItems()).isEqualTo(8);
        assertThat(page.items().get(6).detail()).isEqualTo("latest erasure ERASED / SAMPLED");

        final AuditException handover = page.items().get(4);
        assertThat(handover.organisation()).isEqualTo("ProcessorOrgMSP");
        assertThat(handover.detail()).isEqualTo("offered by CollectorOrgMSP, 2 device(s)");
        assertThat(handover.since()).isEqualTo(NOW.minus(Duration.ofHours(49)));
        assertThat(handover.dueAt()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(page.items().get(5).detail()).isEqualTo("declared 3 device(s), 2 on the ledger; input 500 g, output"
                + " 100 g");
        assertThat(page.items().get(5).dueAt()).isNull();

        // Filtered by rule, paged, and streamed for CSV: the same cases.
        assertThat(queries.exceptions(ExceptionFilter.of(Kind.LOT_NOT_RECONCILED), 0, 200).items())
                .extracting(AuditException::subjectId).containsExactly("LOT-short", "LOT-heavier-out");
        final Page<AuditException> second = queries.exceptions(ExceptionFilter.ALL, 1, 3);
        assertThat(second.items()).extracting(AuditException::subjectId)
                .containsExactly("DEV-A-collected-73h-ago", "HO-49h", "LOT-short");
        assertThat(second.totalPages()).isEqualTo(3);
        assertThat(queries.exceptions(ExceptionFilter.ALL, 2, 3).items()).extracting(AuditException::subjectId)
                .containsExactly("DEV-G-refurbished-sampled", "LOT-heavier-out");
        final List<AuditException> streamed = new ArrayList<>();
        queries.streamExceptions(ExceptionFilter.ALL, streamed::add);
        assertThat(streamed).isEqualTo(page.items());
    }

    @Test
    void finds_no_exceptions_in_an_empty_read_model() {
        assertThat(queries.exceptions(ExceptionFilter.ALL, 0, 50).items()).isEmpty();
        assertThat(queries.partners()).isEmpty();
    }

    @Test
    void filters_by_organisation_site_and_date_and_keeps_acknowledgements_as_history() {
        device("DEV-A-collected-73h-ago", NOW.minus(Duration.ofHours(73)), null, null, null, null);
        device("DEV-C-received-15d-ago", NOW.minus(Duration.ofDays(16)), NOW.minus(Duration.ofDays(15)), null, null,
                null);
        lot("LOT-short", 3, 2, 500, 100, NOW.minus(Duration.ofDays(2)));

        assertThat(queries.exceptions(new ExceptionFilter(null, "ProcessorOrgMSP", null, null, null, null), 0, 50)
                .items()).extracting(AuditException::subjectId).containsExactly("DEV-C-received-15d-ago");
        assertThat(queries.exceptions(new ExceptionFilter(null, null, "SITE-SML", null, null, null), 0, 50).items())
                .extracting(AuditException::subjectId).containsExactly("LOT-short");
        // From inclusive, to exclusive, on the instant the case's clock started.
        assertThat(queries.exceptions(new ExceptionFilter(null, null, null, NOW.minus(Duration.ofHours(73)),
                NOW.minus(Duration.ofDays(2)), null), 0, 50).items())
                .extracting(AuditException::subjectId).containsExactly("DEV-A-collected-73h-ago");
        assertThat(queries.exceptions(new ExceptionFilter(Kind.COLLECTED_NOT_RECEIVED, "CollectorOrgMSP", "SITE-1",
                NOW.minus(Duration.ofDays(4)), NOW, null), 0, 50).totalItems()).isEqualTo(1);
        assertThat(queries.exceptions(new ExceptionFilter(Kind.COLLECTED_NOT_RECEIVED, "ProcessorOrgMSP", null,
                null, null, null), 0, 50).totalItems()).isZero();

        final ApiPrincipal regulator = new ApiPrincipal("regulator", "RegulatorOrgMSP", Set.of("REGULATOR"),
                ApiPrincipal.ActorKind.PERSON, "p-4e1d");
        final AcknowledgementStore.Added first = queries.acknowledge(Kind.LOT_NOT_RECONCILED, "LOT-short",
                "asked the smelter for its weighing slips", regulator, "key-1");
        assertThat(first.replayed()).isFalse();
        assertThat(first.acknowledgement().actor()).isEqualTo("p-4e1d");
        assertThat(first.acknowledgement().actorKind()).isEqualTo("PERSON");
        assertThat(queries.acknowledge(Kind.LOT_NOT_RECONCILED, "LOT-short",
                "asked the smelter for its weighing slips", regulator, "key-1")).satisfies(again -> {
                    assertThat(again.replayed()).isTrue();
                    assertThat(again.acknowledgement()).isEqualTo(first.acknowledgement());
                });
        assertThatThrownBy(() -> queries.acknowledge(Kind.LOT_NOT_RECONCILED, "LOT-short", "another note", regulator,
                "key-1")).hasMessageContaining("Idempotency-Key");
        queries.acknowledge(Kind.LOT_NOT_RECONCILED, "LOT-short", "slips received, 1 device missing", regulator,
                "key-2");
        assertThatThrownBy(() -> queries.acknowledge(Kind.SEAL_BROKEN, "LOT-short", "x", regulator, "key-3"))
                .hasMessageContaining("finds no exception");

        // Still listed, with its history newest first; the other exceptions have none.
        final Page<AuditException> page = queries.exceptions(ExceptionFilter.ALL, 0, 50);
        assertThat(page.items()).extracting(AuditException::subjectId).contains("LOT-short");
        for (final AuditException e : page.items()) {
            if (e.subjectId().equals("LOT-short")) {
                assertThat(e.acknowledgements()).extracting(Acknowledgement::note).containsExactly(
                        "slips received, 1 device missing", "asked the smelter for its weighing slips");
            } else {
                assertThat(e.acknowledgements()).isEmpty();
            }
        }
        final List<AuditException> streamed = new ArrayList<>();
        queries.streamExceptions(ExceptionFilter.of(Kind.LOT_NOT_RECONCILED), streamed::add);
        assertThat(streamed).singleElement().satisfies(e -> assertThat(e.latestAcknowledgement().note())
                .isEqualTo("slips received, 1 device missing"));

        // The history outlives the exception: the lot reconciled, the acknowledgements stay.
        jdbc.update("UPDATE lots SET device_count = input_count WHERE lot_id = 'LOT-short'");
        assertThat(queries.exceptions(ExceptionFilter.of(Kind.LOT_NOT_RECONCILED), 0, 50).items()).isEmpty();
        assertThat(queries.acknowledgements(Kind.LOT_NOT_RECONCILED, "LOT-short")).hasSize(2);
    }

    private void device(final String id, final Instant collected, final Instant received, final String erasureEvent,
            final Instant wipeFailed, final Instant dismantled) {
        final String state = dismantled != null ? "DISMANTLED" : wipeFailed != null ? "WIPE_FAILED"
                : erasureEvent != null ? "WIPED" : received != null ? "RECEIVED" : "COLLECTED";
        jdbc.update("""
                INSERT INTO devices (device_id, state, custodian_msp_id, site_id, collector_msp_id, collection_site_id,
                    collection_channel, make, model, storage_gb, locked, receipt_hash, identifier_commitment,
                    collected_at, received_at, wipe_failed_at, dismantled_at, erasure_event_id, state_since,
                    updated_at, event_count, last_event_id, last_block_number)
                VALUES (?, ?, ?, 'SITE-1', 'CollectorOrgMSP', 'SITE-COL', 'STORE', 'Xiaomi', 'Mi 9', 64, false, ?, ?,
                    ?, ?, ?, ?, ?, ?, ?, 1, 'x:0', 1)""",
                id, state, received == null ? "CollectorOrgMSP" : "ProcessorOrgMSP", "r-" + id, "c-" + id,
                ts(collected), ts(received), ts(wipeFailed), ts(dismantled), erasureEvent, ts(collected),
                ts(collected));
    }

    private void refurbished(final String id, final String verification, final Instant refurbished) {
        device(id, refurbished.minus(Duration.ofDays(3)), refurbished.minus(Duration.ofDays(2)), "r:" + id, null,
                null);
        jdbc.update("UPDATE devices SET state = 'REFURBISHED', refurbished_at = ?, erasure_result = 'ERASED',"
                + " erasure_verification = ? WHERE device_id = ?", ts(refurbished), verification, id);
    }

    private void handover(final String id, final String device, final Instant offered, final String status,
            final Boolean sealIntact) {
        jdbc.update("""
                INSERT INTO custody (handover_id, device_id, status, from_msp_id, to_msp_id, to_site_id, seal_id,
                    device_count, offered_at, offered_tx_id, offered_block, closed_at, seal_intact, seal_exception)
                VALUES (?, ?, ?, 'CollectorOrgMSP', 'ProcessorOrgMSP', 'SITE-PRC', 'SEAL-1', 1, ?, 'tx', 1, ?, ?, ?)""",
                id, device, status, ts(offered), "PENDING".equals(status) ? null : ts(offered.plusSeconds(3600)),
                sealIntact, Boolean.FALSE.equals(sealIntact) ? "SEAL_BROKEN" : null);
    }

    private void lot(final String id, final int inputCount, final int devices, final long in, final long out,
            final Instant closed) {
        jdbc.update("""
                INSERT INTO lots (lot_id, smelter_msp_id, site_id, input_count, device_count, input_weight_grams,
                    output_weight_grams, closed_at, tx_id, block_number)
                VALUES (?, 'SmelterOrgMSP', 'SITE-SML', ?, ?, ?, ?, ?, 'tx', 1)""",
                id, inputCount, devices, in, out, ts(closed));
    }

    private static Timestamp ts(final Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
