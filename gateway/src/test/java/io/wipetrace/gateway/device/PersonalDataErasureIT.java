package io.wipetrace.gateway.device;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.GatewayApplication;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.idempotency.KeySecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Erasure of personal data, verified on disk: devices registered with distinctive IMEIs, serial numbers and contacts
 * (one by one, retried with their Idempotency-Key, and refused in a bulk import) are purged through the API; then
 * every regular file under {@code WIPETRACE_STATE} (peer and orderer ledgers, PostgreSQL's data directory and WAL
 * after a CHECKPOINT, logs, reports, key store) is searched byte for byte for their clear values, as ASCII (which is
 * also their UTF-8). None may be there. The same scan is shown able to fail: it finds a value planted in a control
 * file, and it finds the purged devices' IDs (public) in the ledger and PostgreSQL files.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class PersonalDataErasureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SITE = "SITE-COL-SH-01";
    private static final int DEVICES = 12;

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private JdbcTemplate jdbc;

    @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}")
    private String databaseUrl;

    private final Map<String, String> keys = new HashMap<>();
    private Path state;

    @BeforeAll
    void requireNetworkAndReadKeys() throws Exception {
        RunningNetwork.require();
        state = Path.of(System.getenv("WIPETRACE_STATE"));
        for (final JsonNode key : JSON.readTree(state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            if (!"ADMIN".equals(key.path("role").asText())) {
                keys.put(key.path("organisation").asText(), key.path("apiKey").asText());
            }
        }
    }

    record Registered(String deviceId, String imei, String serial, String contact, String receiptCode,
            String idempotencyKey) {}

    @Test
    void after_a_purge_no_file_of_the_instance_holds_a_purged_devices_clear_values() throws Exception {
        final String run = digits(6);
        final List<Registered> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(register(run, i));
        }
        // A bulk import refuses personal data: the refused row's values must not be kept either.
        final String importedImei = "86" + run + digits(7);
        final String importedContact = "import-" + run + "@erasure.example";
        final ResponseEntity<JsonNode> imported = importJsonLine(run, importedImei, importedContact);
        assertThat(imported.getStatusCode().value()).as(String.valueOf(imported.getBody())).isEqualTo(202);

        // While the key exists the collector can test identifiers against the keyed commitment.
        final Registered first = devices.getFirst();
        assertThat(check(first.deviceId(), first.imei(), first.serial()).getBody().path("matches").asBoolean())
                .isTrue();
        assertThat(check(first.deviceId(), first.imei(), "SN-OTHER").getBody().path("matches").asBoolean())
                .isFalse();

        for (final Registered device : devices) {
            final ResponseEntity<JsonNode> purged = purge(device.deviceId());
            assertThat(purged.getStatusCode().value()).as(String.valueOf(purged.getBody())).isEqualTo(200);
            assertThat(purged.getBody().path("device").path("personalDataPurgedAt").asText()).isNotBlank();
            assertThat(state.resolve("gateway/personal-keys/collector/" + device.deviceId() + ".key"))
                    .doesNotExist();
        }
        final ResponseEntity<JsonNode> gone = check(first.deviceId(), first.imei(), first.serial());
        assertThat(gone.getStatusCode().value()).isEqualTo(410);
        assertThat(gone.getBody().path("code").asText()).isEqualTo("PERSONAL_DATA_PURGED");

        // The projection has the purges (so PostgreSQL's files hold the devices' rows), then everything is on disk.
        final long deadline = System.nanoTime() + java.time.Duration.ofMinutes(4).toNanos();
        while (jdbc.queryForObject("""
                select count(*) from devices where device_id = any(?) and personal_data_purged_at is not null""",
                Integer.class, (Object) devices.stream().map(Registered::deviceId).toArray(String[]::new)) < DEVICES) {
            assertThat(System.nanoTime()).as("the projection reached the purges").isLessThan(deadline);
            Thread.sleep(200);
        }
        checkpoint();

        // The scan can fail: a planted control value and the devices' public IDs are found.
        final String planted = "control-" + run + "-" + UUID.randomUUID();
        final Path control = state.resolve("erasure-scan-control-" + run + ".txt");
        Files.writeString(control, "planted " + planted + "\n");
        try {
            final Map<String, List<Path>> found = scan(Set.of(planted, first.deviceId()));
            assertThat(found.get(planted)).containsExactly(control);
            assertThat(found.get(first.deviceId())).as("the scan reaches the ledger and PostgreSQL files")
                    .anyMatch(path -> path.startsWith(state.resolve("nodes")))
                    .anyMatch(path -> path.startsWith(state.resolve("postgres")));
        } finally {
            Files.delete(control);
        }

        final Set<String> clear = new TreeSet<>(Set.of(importedImei, importedContact));
        for (final Registered device : devices) {
            clear.addAll(List.of(device.imei(), device.serial(), device.contact()));
        }
        assertThat(scan(clear)).as("clear personal data of purged devices on disk").isEmpty();
    }

    @Test
    void the_idempotency_tables_hold_no_key_receipt_code_or_generated_value_in_clear() throws Exception {
        final Registered device = register(digits(6), 0);
        final String keyHash = new KeySecrets("collector", device.idempotencyKey()).keyHash();

        final List<Map<String, Object>> requests = jdbc.queryForList(
                "select * from idempotency_request where key_hash = ?", keyHash);
        final List<Map<String, Object>> steps = jdbc.queryForList(
                "select step, value_json from idempotency_step where key_hash = ? and value_json is not null",
                keyHash);
        assertThat(requests).hasSize(1);
        assertThat(steps).extracting(row -> row.get("step")).contains("value:generated");
        final String stored = String.valueOf(requests) + steps;
        assertThat(stored).contains(keyHash).contains("v1.")
                .doesNotContain(device.receiptCode()).doesNotContain(device.receiptCode().replace("-", ""))
                .doesNotContain(device.deviceId() + "\",\"receiptCode").doesNotContain(device.idempotencyKey())
                .doesNotContain(device.imei());
        assertThat(jdbc.queryForObject("""
                select count(*) from idempotency_request
                where response_body like ? or key_hash = ?""", Integer.class,
                "%" + device.receiptCode() + "%", device.idempotencyKey())).isZero();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** Writes PostgreSQL's dirty pages to its data files, as the instance's superuser (the application may not). */
    private void checkpoint() throws Exception {
        final String password = Files.readString(state.resolve("postgres/superuser.password")).strip();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(databaseUrl, "postgres", password);
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    private Registered register(final String run, final int i) {
        final String imei = "86" + run + digits(7);
        final String serial = "SNERASE" + run + "X" + i + digits(4);
        final String contact = "erasure-" + run + "-" + i + "-" + digits(4) + "@consumer.example";
        final Map<String, Object> body = Map.of("make", "Xiaomi", "model", "Redmi Note 9", "storageGb", 128,
                "channel", "HOME_PICKUP", "siteId", SITE, "locked", false,
                "consent", Map.of("reference", "CONSENT-" + UUID.randomUUID(), "scope", "all user data",
                        "method", "overwrite", "impact", "data cannot be recovered"),
                "personal", Map.of("imei", imei, "serial", serial, "contact", contact));
        final String key = UUID.randomUUID().toString();
        final ResponseEntity<JsonNode> created = post("/api/v1/collections", body, key);
        assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
        assertThat(created.getBody().path("personalDataStored").asBoolean()).isTrue();
        if (i % 3 == 0) {
            // A retry with the same key opens the sealed stored response: the same receipt, nothing written again.
            final ResponseEntity<JsonNode> replayed = post("/api/v1/collections", body, key);
            assertThat(replayed.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replayed.getBody()).isEqualTo(created.getBody());
        }
        return new Registered(created.getBody().path("deviceId").asText(), imei, serial, contact,
                created.getBody().path("receiptCode").asText(), key);
    }

    private ResponseEntity<JsonNode> importJsonLine(final String run, final String imei, final String contact) {
        final String line = "{\"make\":\"Xiaomi\",\"model\":\"Mi " + run + "\",\"storageGb\":64,\"channel\":\"STORE\","
                + "\"siteId\":\"" + SITE + "\",\"consent\":{\"reference\":\"CONSENT-" + run + "\",\"scope\":\"all\","
                + "\"method\":\"overwrite\",\"impact\":\"unrecoverable\"},\"locked\":false,"
                + "\"personal\":{\"imei\":\"" + imei + "\",\"contact\":\"" + contact + "\"}}\n";
        final HttpHeaders headers = headers();
        headers.setContentType(MediaType.parseMediaType("application/x-ndjson"));
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return http.exchange("/api/v1/imports?kind=collections", HttpMethod.POST,
                new HttpEntity<>(line.getBytes(UTF_8), headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> check(final String deviceId, final String imei, final String serial) {
        final HttpHeaders headers = headers();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange("/api/v1/collections/" + deviceId + "/identifiers/check", HttpMethod.POST,
                new HttpEntity<>(Map.of("imei", imei, "serial", serial), headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> purge(final String deviceId) {
        return post("/api/v1/devices/" + deviceId + "/personal-data/purge", null, UUID.randomUUID().toString());
    }

    private ResponseEntity<JsonNode> post(final String path, final Object body, final String idempotencyKey) {
        final HttpHeaders headers = headers();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", idempotencyKey);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private HttpHeaders headers() {
        final HttpHeaders headers = new HttpHeaders();
        headers.set("X-Api-Key", keys.get("collector"));
        return headers;
    }

    /**
     * Every regular file under the state directory that holds one of the values, as raw ASCII bytes.
     *
     * @param values at least 8 characters each
     * @return value to the files holding it; values found nowhere are absent
     */
    private Map<String, List<Path>> scan(final Set<String> values) throws IOException {
        // Index the values by their first 8 bytes, so each file is read once whatever the number of values.
        final Map<Long, List<byte[]>> byPrefix = new HashMap<>();
        for (final String value : values) {
            final byte[] bytes = value.getBytes(US_ASCII);
            assertThat(bytes.length).isGreaterThanOrEqualTo(8);
            byPrefix.computeIfAbsent(prefix(bytes, 0), k -> new ArrayList<>()).add(bytes);
        }
        final Map<String, List<Path>> found = new HashMap<>();
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(state)) {
            files = walk.filter(path -> Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (final Path file : files) {
            final byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // a temporary file removed while we walked
            }
            for (int at = 0; at + 8 <= content.length; at++) {
                final List<byte[]> candidates = byPrefix.get(prefix(content, at));
                if (candidates == null) {
                    continue;
                }
                for (final byte[] value : candidates) {
                    if (at + value.length <= content.length && java.util.Arrays.equals(content, at,
                            at + value.length, value, 0, value.length)) {
                        final List<Path> where = found.computeIfAbsent(new String(value, US_ASCII),
                                k -> new ArrayList<>());
                        if (!where.contains(file)) {
                            where.add(file);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static long prefix(final byte[] bytes, final int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[at + i] & 0xff);
        }
        return value;
    }

    private static String digits(final int count) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
