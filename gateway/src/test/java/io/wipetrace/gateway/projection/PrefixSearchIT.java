package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.gateway.FreshSchema;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.projection.OverviewReads.SearchResult;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The regulator's search by the start of an ID on the real PostgreSQL, over read-model rows written for the purpose
 * into a fresh schema: each kind of ID is found by its start, the answer is bounded and says so, LIKE's wildcards in
 * the query are taken literally, and every prefix condition can be answered from an index.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class PrefixSearchIT {

    private static final Instant AT = Instant.parse("2026-11-23T08:00:00Z");

    @Autowired
    private DataSourceProperties dataSource;

    private FreshSchema schema;
    private JdbcTemplate jdbc;
    private OverviewReads overview;

    @BeforeAll
    static void requireARunningNetwork() {
        RunningNetwork.require();
    }

    @BeforeEach
    void freshSchema() {
        schema = FreshSchema.create("search", dataSource.determineUrl(), dataSource.determineUsername(),
                dataSource.determinePassword());
        jdbc = schema.jdbc();
        overview = new OverviewReads(schema.dataSource());
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void finds_devices_handovers_and_lots_by_the_start_of_each_kind_of_id() {
        device("WT3F00000000000001", "BAG-77-A", "LOT-2026-11-001");
        device("WT3F00000000000002", "BAG-77-B", null);
        device("WT9A00000000000003", null, null);
        handover("HO-5c1e-0001", "WT3F00000000000001", "SEAL-2026-0099");
        handover("HO-5c1e-0001", "WT3F00000000000002", "SEAL-2026-0099");
        handover("HO-77aa-0002", "WT9A00000000000003", "SEAL-2025-0001");
        lot("LOT-2026-11-001");
        lot("LOT-2026-12-002");

        assertThat(overview.search("WT3F").devices()).extracting(OverviewReads.Found::deviceId)
                .containsExactly("WT3F00000000000001", "WT3F00000000000002");
        assertThat(overview.search("WT3F").handovers()).extracting(OverviewReads.FoundHandover::handoverId)
                .containsExactly("HO-5c1e-0001");
        assertThat(overview.search("BAG-77-").devices()).hasSize(2);
        assertThat(overview.search("SEAL-2026").handovers()).singleElement()
                .satisfies(h -> assertThat(h.deviceCount()).isEqualTo(2));
        assertThat(overview.search("SEAL-2026").devices()).hasSize(2);
        assertThat(overview.search("HO-77").devices()).extracting(OverviewReads.Found::deviceId)
                .containsExactly("WT9A00000000000003");
        final SearchResult lots = overview.search("LOT-2026-1");
        assertThat(lots.lots()).extracting(OverviewReads.FoundLot::lotId)
                .containsExactly("LOT-2026-11-001", "LOT-2026-12-002");
        assertThat(lots.lot()).isNull();
        assertThat(lots.devices()).extracting(OverviewReads.Found::deviceId).containsExactly("WT3F00000000000001");
        assertThat(overview.search("LOT-2026-11-001").lot().lotId()).isEqualTo("LOT-2026-11-001");
        // A whole ID is its own start; nothing else shares it.
        assertThat(overview.search("WT9A00000000000003").devices()).hasSize(1);
        assertThat(overview.search("WT3G").devices()).isEmpty();
        assertThat(overview.search("WT3F").truncated()).isFalse();
    }

    @Test
    void answers_at_most_the_limit_of_each_and_says_there_are_more() {
        for (int i = 0; i < OverviewReads.SEARCH_LIMIT + 5; i++) {
            device("WT7700000000%06d".formatted(i), "BAG-9", null);
        }
        final SearchResult found = overview.search("WT77");
        assertThat(found.devices()).hasSize(OverviewReads.SEARCH_LIMIT);
        assertThat(found.devices().getFirst().deviceId()).isEqualTo("WT7700000000000000");
        assertThat(found.truncated()).isTrue();
        assertThat(found.limit()).isEqualTo(OverviewReads.SEARCH_LIMIT);
        assertThat(overview.search("BAG-9").devices()).hasSize(OverviewReads.SEARCH_LIMIT);
    }

    @Test
    void takes_wildcards_in_the_query_literally() {
        device("WT_A000000000000001", null, null);
        device("WTXA000000000000002", null, null);
        assertThat(overview.search("WT_A").devices()).extracting(OverviewReads.Found::deviceId)
                .containsExactly("WT_A000000000000001");
        assertThat(overview.search("WT%").devices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"devices WHERE device_id", "devices WHERE bag_id", "devices WHERE lot_id",
        "custody WHERE handover_id", "custody WHERE seal_id", "custody WHERE device_id", "lots WHERE lot_id"})
    void every_prefix_condition_is_an_index_range_scan(final String condition) {
        jdbc.execute("SET enable_seqscan = off");
        final List<String> plan = jdbc.queryForList("EXPLAIN SELECT * FROM " + condition + " LIKE 'WT3F%'",
                String.class);
        assertThat(String.join("\n", plan)).as(condition).contains("Index").doesNotContain("Seq Scan")
                .containsPattern("Index Cond: .*>=");
    }

    private void device(final String id, final String bag, final String lot) {
        jdbc.update("""
                INSERT INTO devices (device_id, state, custodian_msp_id, site_id, collector_msp_id, collection_site_id,
                    collection_channel, make, model, storage_gb, locked, receipt_hash, identifier_commitment,
                    collected_at, state_since, updated_at, event_count, last_event_id, last_block_number, bag_id,
                    lot_id)
                VALUES (?, 'COLLECTED', 'CollectorOrgMSP', 'SITE-1', 'CollectorOrgMSP', 'SITE-COL', 'STORE', 'Xiaomi',
                    'Mi 9', 64, false, ?, ?, ?, ?, ?, 1, 'x:0', 1, ?, ?)""",
                id, "r-" + id, "c-" + id, ts(AT), ts(AT), ts(AT), bag, lot);
    }

    private void handover(final String id, final String device, final String seal) {
        jdbc.update("""
                INSERT INTO custody (handover_id, device_id, status, from_msp_id, to_msp_id, to_site_id, seal_id,
                    device_count, offered_at, offered_tx_id, offered_block)
                VALUES (?, ?, 'PENDING', 'CollectorOrgMSP', 'ProcessorOrgMSP', 'SITE-PRC', ?, 1, ?, 'tx', 1)""",
                id, device, seal, ts(AT));
    }

    private void lot(final String id) {
        jdbc.update("""
                INSERT INTO lots (lot_id, smelter_msp_id, site_id, input_count, device_count, input_weight_grams,
                    output_weight_grams, closed_at, tx_id, block_number)
                VALUES (?, 'SmelterOrgMSP', 'SITE-SML', 1, 1, 100, 50, ?, 'tx', 1)""", id, ts(AT));
    }

    private static Timestamp ts(final Instant instant) {
        return Timestamp.from(instant);
    }
}
