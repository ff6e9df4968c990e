package io.wipetrace.gateway;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;

/**
 * The integration tests run against a real network and a real PostgreSQL named by {@code WIPETRACE_STATE}; the
 * application imports that instance's {@code gateway/network.yml} and {@code gateway/database.yml} exactly as it does
 * in production. Without them the tests fail at once, saying what to start.
 */
public final class RunningNetwork {

    private RunningNetwork() {}

    /** Fails the calling test class unless {@code WIPETRACE_STATE} names the state of a network that is up. */
    public static void require() {
        final String state = System.getenv("WIPETRACE_STATE");
        if (state == null || state.isBlank()) {
            fail("WIPETRACE_STATE is not set. The integration tests run against a real Fabric network and a real"
                    + " PostgreSQL: start them (./wipetrace up) and run the tests with WIPETRACE_STATE set to the"
                    + " state directory, e.g. WIPETRACE_STATE=$HOME/.local/state/wipetrace/up mvn verify -pl gateway"
                    + " -am; or run everything with ./wipetrace test");
        }
        for (String file : new String[] {"network.yml", "database.yml", "evm.yml"}) {
            final Path written = Path.of(state, "gateway", file);
            if (!Files.isReadable(written)) {
                fail(written + " does not exist. WIPETRACE_STATE=" + state + " must be the state directory of a"
                        + " network that is up; ./wipetrace up writes this file when it brings the network up.");
            }
        }
    }

    /**
     * A request carrying an organisation's demo API key (its partner key, or the regulator's regulator key) from the
     * {@code gateway/api-keys.json} that {@code ./wipetrace up} writes.
     *
     * @param organisation the organisation key, e.g. {@code regulator}
     * @return an empty request with the {@code X-Api-Key} header
     */
    public static HttpEntity<Void> withKey(final String organisation) throws IOException {
        final Path file = Path.of(System.getenv("WIPETRACE_STATE"), "gateway", "api-keys.json");
        for (final JsonNode key : new ObjectMapper().readTree(file.toFile()).path("keys")) {
            if (organisation.equals(key.path("organisation").asText()) && !"ADMIN".equals(key.path("role").asText())) {
                final HttpHeaders headers = new HttpHeaders();
                headers.set("X-Api-Key", key.path("apiKey").asText());
                return new HttpEntity<>(headers);
            }
        }
        throw new AssertionError("no demo key of " + organisation + " in " + file);
    }

    /**
     * The headers of {@link #withKey}, to add more to (an Idempotency-Key, say).
     *
     * @param organisation the organisation key
     * @return new headers holding its {@code X-Api-Key}
     */
    public static HttpHeaders keyHeaders(final String organisation) {
        try {
            final HttpHeaders headers = new HttpHeaders();
            headers.putAll(withKey(organisation).getHeaders());
            return headers;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs the verifier as a consumer would: {@code java -jar wipetrace-verifier.jar ...}, its output on ours.
     *
     * @param arguments the verifier's arguments
     * @return its exit code
     */
    public static int runVerifierJar(final String... arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of("..", "verifier", "target", "wipetrace-verifier.jar").toString()));
        command.addAll(List.of(arguments));
        final Process verifier = new ProcessBuilder(command).redirectErrorStream(true).start();
        verifier.getInputStream().transferTo(System.out);
        return verifier.waitFor();
    }
}
