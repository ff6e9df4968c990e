package io.wipetrace.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.RunningNetwork;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Fuzzes the whole API from its OpenAPI description with schemathesis (from PyPI): generated valid and invalid
 * requests for every operation, with a partner's and with a regulator's key, against the real network and PostgreSQL.
 * No answer may be a 5xx. The gateway has the same rate limits as in production, so verify is partly answered 429.
 *
 * <p>{@code ./wipetrace test} installs schemathesis into the cache and names its {@code st} in
 * {@code WIPETRACE_SCHEMATHESIS}. The JUnit report of each run is left in {@code target/schemathesis}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true", "wipetrace.projection.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TESTCASE = Pattern.compile("<testcase\\b[^>]*?(/>|>(.*?)</testcase>)", Pattern.DOTALL);

    @LocalServerPort
    private int port;

    private Path st;
    private Path state;

    @BeforeAll
    void requireNetworkAndSchemathesis() {
        RunningNetwork.require();
        state = Path.of(System.getenv("WIPETRACE_STATE"));
        final String named = System.getenv("WIPETRACE_SCHEMATHESIS");
        if (named == null || !Files.isExecutable(Path.of(named))) {
            fail("WIPETRACE_SCHEMATHESIS must name schemathesis' st (./wipetrace test installs it); it is '" + named
                    + "'. Install it with: WIPETRACE_INSTANCE=test network/steps/python-tools.sh");
        }
        st = Path.of(named);
    }

    @ParameterizedTest(name = "{0} key, {1} s")
    @CsvSource({"collector, 60", "regulator, 40"})
    void answers_no_generated_request_with_a_server_error(final String organisation, final int seconds)
            throws Exception {
        final Path reports = Path.of("target", "schemathesis", organisation);
        Files.createDirectories(reports);
        // The description is fetched here, as long as the first generation takes on a busy machine, and handed to
        // schemathesis as a file: its own loader gives up after 10 s.
        final Path description = reports.resolve("openapi.json");
        Files.writeString(description, apiDescription(), StandardCharsets.UTF_8);
        final List<String> command = new ArrayList<>(List.of(st.toString(), "run",
                description.toAbsolutePath().toString(), "--url", "http://127.0.0.1:" + port,
                "--checks", "not_a_server_error",
                "--phases", "examples,coverage,fuzzing",
                // One worker: the generator itself is not thread-safe on every Python (seen as internal errors).
                "--workers", "1",
                "--max-time", String.valueOf(seconds),
                "--request-timeout", "30",
                // A job's progress stream stays open until the job completes, which a generated import may not do
                // within the request timeout, so the fuzzer would read it as a network error. BulkImportIT and
                // PartnerApiIT check the stream, its events and its end.
                "--exclude-path", "/api/v1/imports/{id}/events",
                "--header", "X-Api-Key: " + demoKey(organisation),
                "--report", "junit", "--report-dir", reports.toString(),
                "--no-color"));
        final Path log = reports.resolve("st.log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds + 240L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("schemathesis did not finish within " + (seconds + 240) + " s; its output: " + log.toAbsolutePath());
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);

        final List<String> failed = failedCases(reports);
        assertThat(failed).as("operations with a failing generated request (see %s); schemathesis' account:%n%s",
                        log.toAbsolutePath(), failures(output))
                .isEmpty();
        assertThat(process.exitValue()).as("schemathesis' exit code; its output:%n%s", tail(output)).isZero();
        assertThat(generatedCases(output)).as("test cases generated").isGreaterThan(100);
    }

    private String apiDescription() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()) {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v3/api-docs")).timeout(Duration.ofMinutes(3)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
            return response.body();
        }
    }

    private String demoKey(final String organisation) throws IOException {
        for (JsonNode key : JSON.readTree(state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            if (organisation.equals(key.path("organisation").asText()) && !"ADMIN".equals(key.path("role").asText())) {
                return key.path("apiKey").asText();
            }
        }
        throw new IllegalStateException("no demo key for " + organisation);
    }

    /** The names of the test cases the JUnit report marks as failed or in error. */
    private static List<String> failedCases(final Path reports) throws IOException {
        final List<String> failed = new ArrayList<>();
        try (var files = Files.list(reports)) {
            for (Path report : files.filter(p -> p.toString().endsWith(".xml")).toList()) {
                final Matcher testcase = TESTCASE.matcher(Files.readString(report, StandardCharsets.UTF_8));
                while (testcase.find()) {
                    final String body = testcase.group(2);
                    if (body != null && (body.contains("<failure") || body.contains("<error"))) {
                        final Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(testcase.group());
                        failed.add(name.find() ? name.group(1) : testcase.group());
                    }
                }
            }
        }
        return failed;
    }

    /**
     * Schemathesis' own account of what failed: its FAILURES and ERRORS sections (each failing request as a curl
     * command, the status and the start of the answer; requests that timed out or could not be sent), or the end of
     * the whole output when it has neither.
     */
    private static String failures(final String output) {
        final Matcher section = Pattern.compile(
                "(={3,} (?:FAILURES|ERRORS) ={3,}.*?)(?:={3,} (?:WARNINGS|SUMMARY) ={3,}|$)", Pattern.DOTALL)
                .matcher(output);
        return section.find() ? tail(section.group(1).strip()) : tail(output);
    }

    /** "N generated" from schemathesis' summary. */
    private static int generatedCases(final String output) {
        final Matcher matcher = Pattern.compile("(\\d+) generated").matcher(output);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static String tail(final String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }
}
