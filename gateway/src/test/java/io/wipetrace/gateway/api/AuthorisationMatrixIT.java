package io.wipetrace.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.RunningNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The authorisation matrix, generated from the gateway's own OpenAPI description against the real network and
 * PostgreSQL: every operation × every caller (no credentials, a partner of each partner organisation, the regulator,
 * the administrator), each answered as the roles the description states for it ({@code x-wipetrace-roles}) say:
 *
 * <ul>
 *   <li>a public operation never asks for credentials (no 401, no 403);</li>
 *   <li>without credentials, any other operation is {@code 401 UNAUTHENTICATED};</li>
 *   <li>a role the operation does not name is {@code 403 ROLE_FORBIDDEN};</li>
 *   <li>a role it names passes the door: no 401, no {@code ROLE_FORBIDDEN}, no 5xx (the request may still be refused
 *       for what it says: writes are sent without an {@code Idempotency-Key}, so that nothing is written);</li>
 *   <li>on a device of the collector's: the collector's own reads answer 2xx (or, for its certificate and proof
 *       bundle, that they are not issued or anchored yet); every other organisation's are refused as if the device did
 *       not exist, without naming its owner.</li>
 * </ul>
 *
 * Every refusal is {@code application/problem+json} with a code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true", "wipetrace.verify.rate-limit.capacity=100000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class AuthorisationMatrixIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** What a freshly collected device's owner may be told instead of a download: not issued, not anchored yet. */
    private static final Set<String> NOT_YET = Set.of("NOTHING_TO_CERTIFY", "PROOF_NOT_YET_ANCHORED");

    /** A caller: its name, its organisation (null without credentials) and its role. */
    private record Caller(String name, String organisation, String role) {

        @Override
        public String toString() {
            return organisation == null ? name : name + " (" + organisation + ", " + role + ")";
        }
    }

    /** An operation of the description, with the roles it states and the headers it requires. */
    private record Operation(HttpMethod method, String path, List<String> roles, List<String> headers) {

        boolean isPublic() {
            return roles.isEmpty();
        }
    }

    @Autowired
    private TestRestTemplate http;

    private final Map<String, String> keys = new HashMap<>();
    private final List<Caller> callers = new ArrayList<>();
    private String device;
    private String receiptCode;

    @BeforeAll
    void collectADeviceAndReadTheKeys() throws Exception {
        RunningNetwork.require();
        callers.add(new Caller("anonymous", null, null));
        final Path file = Path.of(System.getenv("WIPETRACE_STATE"), "gateway", "api-keys.json");
        for (JsonNode key : JSON.readTree(file.toFile()).path("keys")) {
            final String role = key.path("role").asText();
            final String name = "ADMIN".equals(role) ? "admin" : key.path("organisation").asText();
            if (keys.putIfAbsent(name, key.path("apiKey").asText()) == null) {
                callers.add(new Caller(name, key.path("organisation").asText(), role));
            }
        }
        assertThat(callers).extracting(Caller::role).contains("PARTNER", "REGULATOR", "ADMIN");

        final HttpHeaders headers = headers(keys.get("collector"));
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        final ResponseEntity<JsonNode> collected = http.exchange("/api/v1/collections", HttpMethod.POST,
                new HttpEntity<>(Map.of("make", "Honor", "model", "90", "storageGb", 256, "channel", "STORE",
                        "siteId", "SITE-COL-SH-01", "locked", false, "consent", Map.of("reference",
                                "CONSENT-" + UUID.randomUUID(), "scope", "all user data", "method", "overwrite",
                                "impact", "data cannot be recovered")), headers), JsonNode.class);
        assertThat(collected.getStatusCode().value()).as(String.valueOf(collected.getBody())).isEqualTo(201);
        device = collected.getBody().path("deviceId").asText();
        receiptCode = collected.getBody().path("receiptCode").asText();
        awaitOwnReceipt();
    }

    @TestFactory
    Stream<DynamicTest> every_operation_answers_every_caller_as_the_roles_it_states_say() {
        final List<Operation> operations = operations();
        final Set<String> kinds = new HashSet<>();
        operations.forEach(operation -> kinds.add(String.join("+", operation.roles())));
        // Not a vacuous matrix: the description has public, partner, regulator-only and admin-only operations.
        assertThat(operations).hasSizeGreaterThan(30);
        assertThat(kinds).contains("", "PARTNER+REGULATOR", "REGULATOR", "ADMIN");
        return operations.stream().flatMap(operation -> callers.stream().map(caller -> DynamicTest.dynamicTest(
                operation.method() + " " + operation.path() + " as " + caller, () -> check(operation, caller))));
    }

    private void check(final Operation operation, final Caller caller) {
        final ResponseEntity<String> answer = send(operation, caller);
        final int status = answer.getStatusCode().value();
        final String code = code(answer);
        final String said = status + " " + code + " " + abbreviated(answer.getBody());
        assertThat(status).as(said).isLessThan(500);
        if (status >= 400) {
            assertThat(answer.getHeaders().getContentType()).as(said)
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(code).as(said).isNotEmpty();
        }
        if (operation.isPublic()) {
            assertThat(status).as(said).isNotIn(401, 403);
        } else if (caller.organisation() == null) {
            assertThat(status).as(said).isEqualTo(401);
            assertThat(code).isEqualTo("UNAUTHENTICATED");
        } else if (!operation.roles().contains(caller.role())) {
            assertThat(status).as(said).isEqualTo(403);
            assertThat(code).isEqualTo("ROLE_FORBIDDEN");
        } else {
            assertThat(status).as(said).isNotEqualTo(401);
            assertThat(code).as(said).isNotEqualTo("ROLE_FORBIDDEN");
            if (operation.method() == HttpMethod.GET && operation.path().contains("{deviceId}")
                    && !operation.path().startsWith("/api/v1/audit/")) {
                if ("collector".equals(caller.name())) {
                    // A download of something not issued yet for the new device says so, as to its owner only.
                    if (!NOT_YET.contains(code)) {
                        assertThat(status).as("the owner reads its own device: " + said).isBetween(200, 299);
                    }
                } else {
                    assertThat(status).as("another organisation reads the collector's device: " + said)
                            .isIn(403, 404);
                    assertThat(answer.getBody()).as(said).doesNotContain("CollectorOrg").doesNotContain("collector");
                }
            }
        }
    }

    private ResponseEntity<String> send(final Operation operation, final Caller caller) {
        final HttpHeaders headers = headers(caller.organisation() == null ? null : keys.get(caller.name()));
        headers.setAccept(List.of(MediaType.ALL));
        // Required headers as a client would send them, but for Idempotency-Key: writes go without one, so that a
        // role that may call them is refused for that and nothing is written.
        for (String name : operation.headers()) {
            if ("X-Receipt-Code".equalsIgnoreCase(name)) {
                headers.set(name, receiptCode);
            } else if (!"Idempotency-Key".equalsIgnoreCase(name)) {
                headers.set(name, "x");
            }
        }
        final String path = operation.path()
                .replace("{deviceId}", device)
                .replace("{receiptCode}", receiptCode)
                .replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
        final boolean hasBody = operation.method() == HttpMethod.POST || operation.method() == HttpMethod.PUT
                || operation.method() == HttpMethod.PATCH;
        if (hasBody) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, operation.method(), new HttpEntity<>(hasBody ? "{}" : null, headers), String.class);
    }

    private List<Operation> operations() {
        final JsonNode description = http.getForObject("/v3/api-docs", JsonNode.class);
        final List<Operation> operations = new ArrayList<>();
        description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            if (METHODS.contains(entry.getKey()) && path.getKey().startsWith("/api/v1/")) {
                final JsonNode roles = entry.getValue().path("x-wipetrace-roles");
                assertThat(roles.isArray()).as("%s %s states who may call it", entry.getKey(), path.getKey()).isTrue();
                final List<String> named = new ArrayList<>();
                roles.forEach(role -> named.add(role.asText()));
                assertThat(entry.getValue().has("security") && entry.getValue().path("security").isEmpty())
                        .as("%s %s has no security requirement exactly when public", entry.getKey(), path.getKey())
                        .isEqualTo(named.isEmpty());
                final List<String> headers = new ArrayList<>();
                entry.getValue().path("parameters").forEach(parameter -> {
                    if ("header".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()) {
                        headers.add(parameter.path("name").asText());
                    }
                });
                operations.add(new Operation(HttpMethod.valueOf(entry.getKey().toUpperCase(Locale.ROOT)),
                        path.getKey(), List.copyOf(named), List.copyOf(headers)));
            }
        }));
        return operations;
    }

    private void awaitOwnReceipt() throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            final HttpHeaders headers = headers(keys.get("collector"));
            headers.set("X-Receipt-Code", receiptCode);
            status = http.exchange("/api/v1/collections/" + device + "/receipt.svg", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getStatusCode().value();
            if (status == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the collector's new device " + device + " never became readable: " + status);
    }

    private static HttpHeaders headers(final String apiKey) {
        final HttpHeaders headers = new HttpHeaders();
        if (apiKey != null) {
            headers.set("X-Api-Key", apiKey);
        }
        return headers;
    }

    private static String code(final ResponseEntity<String> answer) {
        final MediaType type = answer.getHeaders().getContentType();
        if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON) || answer.getBody() == null) {
            return "";
        }
        try {
            return JSON.readTree(answer.getBody()).path("code").asText();
        } catch (Exception notJson) {
            return "";
        }
    }

    private static String abbreviated(final String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
