package io.wipetrace.gateway.bulk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.GatewayApplication;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.idempotency.KeySecrets;
import io.wipetrace.gateway.security.ApiPrincipal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A gateway stopped in the middle of an import, and another started on the same database: the job resumes and lands
 * every row exactly once, also when the stopped gateway had committed batches whose outcome it never recorded (with
 * and without their journal). The two gateways run on a schema of their own, so that no other test's gateway works
 * on the job meanwhile.
 */
class BulkImportResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final int ROWS = 200;
    private static final int BATCH = 20;

    @BeforeAll
    static void requireTheNetwork() {
        RunningNetwork.require();
    }

    @Test
    void resumes_a_job_stopped_midway_and_lands_every_row_exactly_once() throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final String schema = "bulk_resume_" + run.replace('-', '_');
        final Map<String, String> database = database();
        final String url = database.get("url") + (database.get("url").contains("?") ? "&" : "?")
                + "currentSchema=" + schema;
        final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, database.get("username"),
                database.get("password")));
        try {
            final UUID id;
            try (ConfigurableApplicationContext first = gateway(url, schema, 1)) {
                id = first.getBean(ImportService.class).create(
                        new ApiPrincipal("collector", "CollectorOrgMSP", Set.of("PARTNER")), "collections",
                        ImportFormat.CSV, "resume.csv", csv(run).getBytes(UTF_8), "resume-" + run).job().id();
                await(() -> done(jdbc, id) >= 3 * BATCH);
            }
            final int doneWhenStopped = done(jdbc, id);
            assertThat(doneWhenStopped).as("stopped midway").isLessThan(ROWS);
            assertThat(state(jdbc, id)).isEqualTo("RUNNING");

            // What a crash right after a commit leaves: batch 1 committed but its outcome not stored (its journal
            // kept), batch 2 the same with its journal lost as well.
            final String batch1Tx = jdbc.queryForObject(
                    "select tx_id from import_batch where job_id = ? and batch_no = 1", String.class, id);
            assertThat(batch1Tx).isNotNull();
            forgetOutcome(jdbc, id, 1, true);
            forgetOutcome(jdbc, id, 2, false);

            try (ConfigurableApplicationContext second = gateway(url, schema, 2)) {
                await(() -> "COMPLETED".equals(state(jdbc, id)));
                final FabricGateways gateways = second.getBean(FabricGateways.class);

                assertThat(done(jdbc, id)).isEqualTo(ROWS);
                assertThat(jdbc.queryForObject("select rows_failed from import_job where id = ?", Integer.class, id))
                        .isZero();
                final List<Map<String, Object>> rows = jdbc.queryForList("""
                        select row_number, batch_no, state, outcome, tx_id, device_id, receipt_code, receipt_hash
                        from import_row where job_id = ? order by row_number""", id);
                assertThat(rows).hasSize(ROWS).allSatisfy(row -> assertThat(row.get("state")).isEqualTo("REGISTERED"));
                final Set<String> transactions = new HashSet<>();
                for (final Map<String, Object> row : rows) {
                    final int batch = (Integer) row.get("batch_no");
                    if (batch == 1) {
                        assertThat(row.get("outcome")).as("settled from its recorded transaction's commit status")
                                .isEqualTo("REGISTERED");
                        assertThat(row.get("tx_id")).isEqualTo(batch1Tx);
                    } else if (batch == 2) {
                        assertThat(row.get("outcome")).as("recognised by the chaincode when sent again")
                                .isEqualTo("ALREADY_REGISTERED");
                    } else {
                        assertThat(row.get("outcome")).isEqualTo("REGISTERED");
                    }
                    if (row.get("tx_id") != null) {
                        transactions.add((String) row.get("tx_id"));
                    }
                    final JsonNode device = JSON.readTree(gateways.contract("regulator", "device")
                            .evaluateTransaction("GetDevice", (String) row.get("device_id")));
                    assertThat(device.path("eventCount").asInt()).as("registered once: " + row).isEqualTo(1);
                    assertThat(device.path("receiptHash").asText()).isEqualTo(row.get("receipt_hash"))
                            .isEqualTo(ReceiptCode.hash(new KeySecrets("collector", "resume-" + run).open(
                                    ImportService.receiptName((Integer) row.get("row_number")),
                                    (String) row.get("receipt_code"))).orElseThrow());
                }
                assertThat(transactions).as("one transaction per batch but the one whose journal was lost")
                        .hasSize(ROWS / BATCH - 1);
            }
        } finally {
            jdbc.execute("drop schema if exists " + schema + " cascade");
        }
    }

    /** A gateway on the schema, its import worker on, nothing else that writes. */
    private static ConfigurableApplicationContext gateway(final String url, final String schema,
            final int inFlight) {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.main.banner-mode=off",
                        "--spring.datasource.url=" + url,
                        "--spring.flyway.schemas=" + schema,
                        "--spring.flyway.default-schema=" + schema,
                        "--wipetrace.projection.enabled=false",
                        "--wipetrace.anchoring.enabled=false",
                        "--wipetrace.imports.batch-size=" + BATCH,
                        "--wipetrace.imports.in-flight=" + inFlight,
                        "--wipetrace.imports.poll=200ms",
                        "--wipetrace.imports.retry-backoff=200ms");
    }

    private static void forgetOutcome(final JdbcTemplate jdbc, final UUID id, final int batch,
            final boolean keepJournal) {
        assertThat(jdbc.queryForObject("select state from import_batch where job_id = ? and batch_no = ?",
                String.class, id, batch)).isEqualTo("DONE");
        final int rows = jdbc.update("""
                update import_row set state = 'PENDING', outcome = null, tx_id = null, block_number = null
                where job_id = ? and batch_no = ?""", id, batch);
        jdbc.update("update import_batch set state = 'PENDING', block_number = null, finished_at = null"
                + (keepJournal ? "" : ", tx_id = null, tx_bytes = null, tx_result = null")
                + " where job_id = ? and batch_no = ?", id, batch);
        jdbc.update("update import_job set rows_done = rows_done - ? where id = ?", rows, id);
    }

    private static int done(final JdbcTemplate jdbc, final UUID id) {
        return jdbc.queryForObject("select rows_done from import_job where id = ?", Integer.class, id);
    }

    private static String state(final JdbcTemplate jdbc, final UUID id) {
        return jdbc.queryForObject("select state from import_job where id = ?", String.class, id);
    }

    private static String csv(final String run) {
        final StringBuilder csv = new StringBuilder(CollectionRowsTest.HEADER + "\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("Huawei,P30 ").append(run).append(' ').append(i).append(",64,STORE,SITE-COL-SH-01,CONSENT-")
                    .append(run).append('-').append(i).append(",all user data,overwrite,unrecoverable,,,false\n");
        }
        return csv.toString();
    }

    /** The URL and credentials the network wrote for the gateway ({@code <state>/gateway/database.yml}). */
    private static Map<String, String> database() throws Exception {
        final String yaml = Files.readString(Path.of(System.getenv("WIPETRACE_STATE"), "gateway", "database.yml"));
        final Map<String, String> values = new java.util.HashMap<>();
        final Matcher matcher = Pattern.compile("(?m)^\\s+(url|username|password): '(.*)'$").matcher(yaml);
        while (matcher.find()) {
            values.put(matcher.group(1), matcher.group(2).replace("''", "'"));
        }
        assertThat(values).containsKeys("url", "username", "password");
        return values;
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }
}
