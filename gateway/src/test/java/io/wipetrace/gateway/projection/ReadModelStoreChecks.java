package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.FreshSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read model's SQL on a real PostgreSQL, in a fresh schema: a device's whole life as the device contract emits
 * it (rejected offer, re-offer, broken seal, failed wipe, destruction, a lot of two, purge, correction) goes through
 * {@link JdbcProjectionStore#insert} block by block, and every table says what the ledger said. The subclasses say
 * which server: the instance's own ({@link ReadModelStoreIT}) or a container ({@link ReadModelStoreContainerIT}).
 */
abstract class ReadModelStoreChecks {

    private static final String A = "DEV-aaaaaaaaaaaaaaaa";
    private static final String B = "DEV-bbbbbbbbbbbbbbbb";
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    /** How to reach the server under test. */
    record Server(String url, String user, String password) {}

    private FreshSchema schema;
    private JdbcTemplate jdbc;
    private JdbcProjectionStore store;
    private TransactionTemplate transactions;
    private long block = 10;

    abstract Server server();

    @BeforeEach
    void freshSchema() {
        final Server server = server();
        schema = FreshSchema.create("readmodel", server.url(), server.user(), server.password());
        jdbc = schema.jdbc();
        store = new JdbcProjectionStore(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(schema.dataSource()));
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void follows_two_devices_from_collection_to_smelting_through_every_kind_of_event() {
        tx("CollectorOrgMSP", 0, event(A, "COLLECTED", null, "COLLECTED", "CollectorOrgMSP", "CollectorOrgMSP",
                "SITE-COL", collected(A)), event(B, "COLLECTED", null, "COLLECTED", "CollectorOrgMSP",
                "CollectorOrgMSP", "SITE-COL", collected(B)));
        tx("CollectorOrgMSP", 1, offered("HO-1", "SITE-COL", "ProcessorOrgMSP", "SITE-PRC", "CollectorOrgMSP",
                "COLLECTED", A, B));
        tx("ProcessorOrgMSP", 2, event(A, "HANDOVER_REJECTED", "IN_TRANSIT", "COLLECTED", "ProcessorOrgMSP",
                "CollectorOrgMSP", "SITE-COL", "{\"fromMspId\":\"CollectorOrgMSP\",\"handoverId\":\"HO-1\","
                        + "\"reason\":\"wrong bag\",\"toMspId\":\"ProcessorOrgMSP\"}"),
                event(B, "HANDOVER_REJECTED", "IN_TRANSIT", "COLLECTED", "ProcessorOrgMSP", "CollectorOrgMSP",
                        "SITE-COL", "{\"fromMspId\":\"CollectorOrgMSP\",\"handoverId\":\"HO-1\","
                                + "\"reason\":\"wrong bag\",\"toMspId\":\"ProcessorOrgMSP\"}"));
        tx("CollectorOrgMSP", 3, offered("HO-2", "SITE-COL", "ProcessorOrgMSP", "SITE-PRC", "CollectorOrgMSP",
                "COLLECTED", A, B));
        tx("ProcessorOrgMSP", 4, accepted("HO-2", "CollectorOrgMSP", "ProcessorOrgMSP", "SITE-PRC", "RECEIVED", false,
                A, B));
        tx("ProcessorOrgMSP", 5, event(A, "ERASURE_RECORDED", "RECEIVED", "WIPED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC", erasure(A, "RPT-A", "ERASED", "")));
        tx("ProcessorOrgMSP", 6, event(B, "ERASURE_RECORDED", "RECEIVED", "WIPE_FAILED", "ProcessorOrgMSP",
                "ProcessorOrgMSP", "SITE-PRC", erasure(B, "RPT-B", "NOT_ERASED", "\"exceptions\":[\"DEVICE_LOCKED\"],")));
        for (String device : List.of(A, B)) {
            final String previous = device.equals(A) ? "WIPED" : "WIPE_FAILED";
            tx("ProcessorOrgMSP", 7, event(device, "DISMANTLED", previous, "DISMANTLED", "ProcessorOrgMSP",
                    "ProcessorOrgMSP", "SITE-PRC", "{\"storageComponentCommitment\":\"" + "e".repeat(64) + "\"}"));
            tx("ProcessorOrgMSP", 8, event(device, "STORAGE_DESTROYED", "DISMANTLED", "STORAGE_DESTROYED",
                    "ProcessorOrgMSP", "ProcessorOrgMSP", "SITE-PRC", "{\"evidenceSha256\":\"" + "f".repeat(64)
                            + "\",\"method\":\"SHRED\"}"));
        }
        tx("ProcessorOrgMSP", 9, offered("HO-3", "SITE-PRC", "SmelterOrgMSP", "SITE-SML", "ProcessorOrgMSP",
                "STORAGE_DESTROYED", A, B));
        tx("SmelterOrgMSP", 10, accepted("HO-3", "ProcessorOrgMSP", "SmelterOrgMSP", "SITE-SML", "STORAGE_DESTROYED",
                true, A, B));
        final String lot = "{\"inputCount\":2,\"inputWeightGrams\":364,\"lotId\":\"LOT-1\",\"outputWeightGrams\":82}";
        tx("SmelterOrgMSP", 11, event(A, "SMELTED", "STORAGE_DESTROYED", "SMELTED", "SmelterOrgMSP", "SmelterOrgMSP",
                "SITE-SML", lot), event(B, "SMELTED", "STORAGE_DESTROYED", "SMELTED", "SmelterOrgMSP",
                "SmelterOrgMSP", "SITE-SML", lot));
        tx("CollectorOrgMSP", 12, event(A, "PERSONAL_DATA_PURGED", "SMELTED", "SMELTED", "CollectorOrgMSP",
                "SmelterOrgMSP", "SITE-SML", "{\"collection\":\"personal_CollectorOrgMSP\",\"personalDataHash\":\""
                        + "d".repeat(64) + "\"}"));
        tx("RegulatorOrgMSP", 13, event(A, "CORRECTION", "SMELTED", "SMELTED", "RegulatorOrgMSP", "SmelterOrgMSP",
                null, "{\"correctsEventId\":\"x:0\",\"correctsType\":\"COLLECTED\",\"correction\":{\"model\":\"9\"},"
                        + "\"reason\":\"typo\"}"));

        final Map<String, Object> a = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?", A);
        assertThat(a.get("state")).isEqualTo("SMELTED");
        assertThat(a.get("custodian_msp_id")).isEqualTo("SmelterOrgMSP");
        assertThat(a.get("site_id")).as("a correction keeps the site").isEqualTo("SITE-SML");
        assertThat(instant(a.get("collected_at"))).isEqualTo(at(0));
        // Received first at minute 4; the smelter's acceptance at minute 10 was no receipt into RECEIVED.
        assertThat(instant(a.get("received_at"))).isEqualTo(at(4));
        assertThat(instant(a.get("wiped_at"))).isEqualTo(at(5));
        assertThat(instant(a.get("wipe_failed_at"))).isNull();
        assertThat(instant(a.get("dismantled_at"))).isEqualTo(at(7));
        assertThat(instant(a.get("storage_destroyed_at"))).isEqualTo(at(8));
        assertThat(instant(a.get("smelted_at"))).isEqualTo(at(11));
        assertThat(instant(a.get("personal_data_purged_at"))).isEqualTo(at(12));
        assertThat(instant(a.get("state_since"))).as("SMELTED since minute 11, whatever came after").isEqualTo(at(11));
        assertThat(instant(a.get("updated_at"))).isEqualTo(at(13));
        assertThat(a.get("event_count")).isEqualTo(13);
        assertThat(a.get("lot_id")).isEqualTo("LOT-1");
        assertThat(a.get("pending_handover_id")).isNull();
        assertThat(a.get("erasure_result")).isEqualTo("ERASED");
        assertThat(a.get("storage_destruction_method")).isEqualTo("SHRED");

        final Map<String, Object> b = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?", B);
        assertThat(instant(b.get("wipe_failed_at"))).isEqualTo(at(6));
        assertThat(instant(b.get("wiped_at"))).isNull();
        assertThat(b.get("erasure_result")).isEqualTo("NOT_ERASED");

        assertThat(jdbc.queryForList("SELECT handover_id || ':' || status || ':' || coalesce(seal_exception, '-')"
                + " || ':' || coalesce(rejection_reason, '-') FROM custody WHERE device_id = ? ORDER BY offered_block",
                String.class, A)).containsExactly("HO-1:REJECTED:-:wrong bag", "HO-2:ACCEPTED:SEAL_BROKEN:-",
                "HO-3:ACCEPTED:-:-");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM custody", Long.class)).isEqualTo(6);

        assertThat(jdbc.queryForList("SELECT device_id || ':' || result || ':' || outcome_state || ':'"
                + " || coalesce(exceptions, '-') || ':' || signature_present FROM erasures ORDER BY block_number",
                String.class)).containsExactly(A + ":ERASED:WIPED:-:true", B + ":NOT_ERASED:WIPE_FAILED:DEVICE_LOCKED:true");

        assertThat(jdbc.queryForMap("SELECT input_count, device_count, input_weight_grams, output_weight_grams,"
                + " smelter_msp_id FROM lots WHERE lot_id = 'LOT-1'")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "input_count", 2, "device_count", 2, "input_weight_grams", 364L, "output_weight_grams", 82L,
                "smelter_msp_id", "SmelterOrgMSP"));
    }

    @Test
    void projects_an_import_block_of_more_new_devices_than_one_batch_in_ledger_order() {
        final int devices = JdbcReadModelWriter.BATCH_SIZE + 101;
        final List<String> events = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            final String device = "DEV-%016x".formatted(i);
            events.add(event(device, "COLLECTED", null, "COLLECTED", "CollectorOrgMSP", "CollectorOrgMSP", "SITE-COL",
                    collected(device).replace("b".repeat(64), "%064x".formatted(i))));
        }
        // In the same transaction, after the new rows: an update of the first, and a device after it.
        events.addAll(List.of(offered("HO-9", "SITE-COL", "ProcessorOrgMSP", "SITE-PRC", "CollectorOrgMSP",
                "COLLECTED", "DEV-%016x".formatted(0))));
        events.add(event(A, "COLLECTED", null, "COLLECTED", "CollectorOrgMSP", "CollectorOrgMSP", "SITE-COL",
                collected(A)));
        tx("CollectorOrgMSP", 0, events.toArray(String[]::new));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices", Long.class)).isEqualTo(devices + 1);
        assertThat(jdbc.queryForList("SELECT device_id || ':' || state || ':' || event_count || ':' || receipt_hash"
                + " || ':' || coalesce(pending_handover_id, '-') FROM devices ORDER BY device_id", String.class))
                .startsWith("DEV-%016x:IN_TRANSIT:2:%064x:HO-9".formatted(0, 0),
                        "DEV-%016x:COLLECTED:1:%064x:-".formatted(1, 1))
                .contains("DEV-%016x:COLLECTED:1:%064x:-".formatted(devices - 1, devices - 1))
                .endsWith(A + ":COLLECTED:1:" + "a".repeat(64) + ":-");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_event", Long.class)).isEqualTo(devices + 2);
    }

    @Test
    void fails_the_block_when_an_event_names_a_device_the_read_model_does_not_have() {
        assertThatExceptionOfType(ProjectionException.class).isThrownBy(() -> tx("ProcessorOrgMSP", 1,
                event(A, "DISMANTLED", "WIPED", "DISMANTLED", "ProcessorOrgMSP", "ProcessorOrgMSP", "SITE-PRC",
                        "{\"storageComponentCommitment\":\"" + "e".repeat(64) + "\"}")))
                .withMessageContaining("out of step").withMessageContaining(A);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_event", Long.class))
                .as("nothing of the failed block is kept").isZero();
    }

    @Test
    void names_its_session_in_pg_stat_activity_while_it_projects_a_block_and_not_after() {
        final String sessionName = "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()";
        final String whileProjecting = transactions.execute(status -> {
            store.lockCheckpoint("drill-channel");
            return jdbc.queryForObject(sessionName, String.class);
        });
        assertThat(whileProjecting).isEqualTo(JdbcProjectionStore.SESSION_NAME);
        assertThat(jdbc.queryForObject(sessionName, String.class)).as("after the commit, on the same connection")
                .isNotEqualTo(JdbcProjectionStore.SESSION_NAME);
    }

    // --- events as the device contract emits them -----------------------------------------------------------------

    /** One transaction in its own block, at T0 + minute, carrying the given events in order. */
    private void tx(final String creator, final int minute, final String... events) {
        final String txId = "tx" + block;
        final List<LedgerEvent> rows = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            final String json = events[i].replace("@TX@", txId).replace("@INDEX@", Integer.toString(i))
                    .replace("@TIME@", T0.plusSeconds(60L * minute).toString());
            rows.add(new LedgerEvent(txId + ":" + i, deviceOf(json), typeOf(json), block, txId, 0, i, json));
        }
        final ProjectedTransaction transaction = new ProjectedTransaction(txId, block, 0, "wipetrace", creator,
                T0.plusSeconds(60L * minute), "wipetrace.events", ("{\"events\":[" + String.join(",", events) + "]}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), rows);
        transactions.executeWithoutResult(status -> store.insert(List.of(transaction)));
        block++;
    }

    private static String deviceOf(final String json) {
        return json.replaceAll(".*\"deviceId\":\"([^\"]+)\",\"eventId\".*", "$1");
    }

    private static String typeOf(final String json) {
        return json.replaceAll(".*\"type\":\"([^\"]+)\"}$", "$1");
    }

    private static String event(final String device, final String type, final String previous, final String state,
            final String actor, final String custodian, final String site, final String details) {
        return "{\"actorMspId\":\"" + actor + "\",\"custodianMspId\":\"" + custodian + "\",\"details\":" + details
                + ",\"deviceId\":\"" + device + "\",\"eventId\":\"@TX@:@INDEX@\""
                + (previous == null ? "" : ",\"previousState\":\"" + previous + "\"") + ",\"sequence\":0"
                + (site == null ? "" : ",\"siteId\":\"" + site + "\"") + ",\"state\":\"" + state
                + "\",\"txId\":\"@TX@\",\"txTimestamp\":\"@TIME@\",\"type\":\"" + type + "\"}";
    }

    private static String collected(final String device) {
        return "{\"channel\":\"STORE\",\"consent\":{\"impact\":\"i\",\"method\":\"m\",\"reference\":\"C-" + device
                + "\",\"scope\":\"s\"},\"identifierCommitment\":\"" + "c".repeat(64) + "\",\"locked\":false,"
                + "\"make\":\"Xiaomi\",\"model\":\"Mi 9\",\"receiptHash\":\"" + (device.equals(A) ? "a" : "b").repeat(64)
                + "\",\"storageGb\":64}";
    }

    private static String[] offered(final String handover, final String fromSite, final String to, final String toSite,
            final String from, final String previous, final String... devices) {
        final String details = "{\"deviceCount\":" + devices.length + ",\"fromMspId\":\"" + from + "\",\"handoverId\":\""
                + handover + "\",\"sealId\":\"SEAL-" + handover + "\",\"toMspId\":\"" + to + "\",\"toSiteId\":\""
                + toSite + "\"}";
        return java.util.Arrays.stream(devices).map(d -> event(d, "HANDOVER_OFFERED", previous, "IN_TRANSIT", from,
                from, fromSite, details)).toArray(String[]::new);
    }

    private static String[] accepted(final String handover, final String from, final String to, final String toSite,
            final String state, final boolean sealIntact, final String... devices) {
        final String details = (sealIntact ? "{" : "{\"exceptions\":[\"SEAL_BROKEN\"],") + "\"fromMspId\":\"" + from
                + "\",\"handoverId\":\"" + handover + "\",\"sealId\":\"SEAL-" + handover + "\",\"sealIntact\":"
                + sealIntact + ",\"toMspId\":\"" + to + "\"}";
        return java.util.Arrays.stream(devices).map(d -> event(d, "HANDOVER_ACCEPTED", "IN_TRANSIT", state, to, to,
                toSite, details)).toArray(String[]::new);
    }

    private static String erasure(final String device, final String report, final String result,
            final String exceptions) {
        return "{\"erasure\":{\"consentReference\":\"C-" + device + "\",\"deviceId\":\"" + device + "\","
                + "\"endedAt\":\"2026-03-02T07:59:00Z\",\"method\":\"PURGE\",\"operator\":\"op\",\"reportId\":\""
                + report + "\",\"reportSha256\":\"" + "b".repeat(64) + "\",\"result\":\"" + result + "\","
                + ("ERASED".equals(result) ? "" : "\"resultReason\":\"locked\",")
                + "\"signature\":\"MEUCIQ==\",\"siteId\":\"SITE-PRC\",\"standard\":\"GB/T\",\"startedAt\":"
                + "\"2026-03-02T07:50:00Z\",\"stationId\":\"ST-1\",\"technique\":\"block erase\",\"tool\":\"W\","
                + "\"toolVersion\":\"1\",\"verification\":{\"by\":\"op\",\"mode\":\"FULL\"}}," + exceptions
                + "\"stationAlgorithm\":\"ECDSA_P256\"}";
    }

    private static Instant at(final int minute) {
        return T0.plusSeconds(60L * minute);
    }

    private static Instant instant(final Object column) {
        return switch (column) {
            case null -> null;
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            default -> throw new AssertionError("not a timestamp: " + column.getClass());
        };
    }
}
