package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.gateway.FreshSchema;
import io.wipetrace.gateway.RunningNetwork;
import java.sql.Timestamp;
import java.time.Instant;
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
 * A bag's devices as a bag offer takes them from the read model, on the real PostgreSQL, over rows written for the
 * purpose into a fresh schema: only the custodian's devices of that bag, in the states asked for, with no handover
 * pending, in ID order and no more than asked; and the bag is found through an index, whatever the custody's size.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class BagDevicesIT {

    private static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");
    private static final Set<String> OFFERABLE = Set.of("COLLECTED", "RECEIVED", "WIPED");

    @Autowired
    private DataSourceProperties dataSource;

    private FreshSchema schema;
    private JdbcTemplate jdbc;
    private CustodyReads custody;

    @BeforeAll
    static void requireARunningNetwork() {
        RunningNetwork.require();
    }

    @BeforeEach
    void freshSchema() {
        schema = FreshSchema.create("bags", dataSource.determineUrl(), dataSource.determineUsername(),
                dataSource.determinePassword());
        jdbc = schema.jdbc();
        custody = new CustodyReads(schema.dataSource());
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void takes_the_custodians_offerable_devices_of_the_bag_and_no_others() {
        device("WT0000000000000003", "BAG-1", "CollectorOrgMSP", "COLLECTED", null);
        device("WT0000000000000001", "BAG-1", "CollectorOrgMSP", "WIPED", null);
        device("WT0000000000000002", "BAG-1", "CollectorOrgMSP", "COLLECTED", "HO-1");
        device("WT0000000000000004", "BAG-1", "ProcessorOrgMSP", "RECEIVED", null);
        device("WT0000000000000005", "BAG-1", "CollectorOrgMSP", "SMELTED", null);
        device("WT0000000000000006", "BAG-2", "CollectorOrgMSP", "COLLECTED", null);
        device("WT0000000000000007", null, "CollectorOrgMSP", "COLLECTED", null);

        assertThat(custody.bagDevices("CollectorOrgMSP", "BAG-1", OFFERABLE, 501))
                .containsExactly("WT0000000000000001", "WT0000000000000003");
        assertThat(custody.bagDevices("ProcessorOrgMSP", "BAG-1", OFFERABLE, 501))
                .containsExactly("WT0000000000000004");
        assertThat(custody.bagDevices("CollectorOrgMSP", "BAG-3", OFFERABLE, 501)).isEmpty();
        assertThat(custody.bagDevices("CollectorOrgMSP", "BAG-1", Set.of("SMELTED"), 501))
                .containsExactly("WT0000000000000005");
    }

    @Test
    void answers_at_most_the_limit() {
        for (int i = 0; i < 12; i++) {
            device("WT10000000%08d".formatted(i), "BAG-BIG", "CollectorOrgMSP", "COLLECTED", null);
        }
        assertThat(custody.bagDevices("CollectorOrgMSP", "BAG-BIG", OFFERABLE, 5))
                .containsExactly("WT1000000000000000", "WT1000000000000001", "WT1000000000000002",
                        "WT1000000000000003", "WT1000000000000004");
    }

    @Test
    void finds_a_bag_through_an_index() {
        jdbc.execute("SET enable_seqscan = off");
        final List<String> plan = jdbc.queryForList("EXPLAIN SELECT device_id FROM devices WHERE bag_id = 'BAG-1'"
                + " AND custodian_msp_id = 'CollectorOrgMSP'", String.class);
        assertThat(String.join("\n", plan)).contains("Index").doesNotContain("Seq Scan")
                .containsPattern("Index Cond: .*bag_id");
    }

    private void device(final String id, final String bag, final String custodian, final String state,
            final String pendingHandover) {
        jdbc.update("""
                INSERT INTO devices (device_id, state, custodian_msp_id, site_id, collector_msp_id, collection_site_id,
                    collection_channel, make, model, storage_gb, locked, receipt_hash, identifier_commitment,
                    collected_at, state_since, updated_at, event_count, last_event_id, last_block_number, bag_id,
                    pending_handover_id)
                VALUES (?, ?, ?, 'SITE-1', 'CollectorOrgMSP', 'SITE-COL', 'STORE', 'Xiaomi', 'Mi 9', 64, false, ?, ?,
                    ?, ?, ?, 1, 'x:0', 1, ?, ?)""",
                id, state, custodian, "r-" + id, "c-" + id, ts(AT), ts(AT), ts(AT), bag, pendingHandover);
    }

    private static Timestamp ts(final Instant instant) {
        return Timestamp.from(instant);
    }
}
