package io.wipetrace.gateway.anchoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.proof.Trust;
import io.wipetrace.proof.bundle.ProofBundleJson;
import io.wipetrace.verifier.BundleVerifier;
import io.wipetrace.verifier.JsonRpcChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * The consumer's verifier (version 3) over bundles the gateway serves, with the trust file the network's EVM step
 * wrote and the instance's EVM node: what a consumer would run. A bundle is only ever as fresh as the latest final
 * anchor when it was made, and other tests' writes keep anchoring, so a check that finds the bundle stale fetches it
 * again.
 */
public final class BundleChecks {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private BundleChecks() {}

    /** @return the trust file of the running instance ({@code <state>/wipetrace-trust.json}) */
    public static Path trustFile() {
        return Path.of(System.getenv("WIPETRACE_STATE"), "wipetrace-trust.json");
    }

    /** @return the pinned trust of the running instance */
    public static Trust trust() {
        try {
            return Trust.parse(Files.readAllBytes(trustFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the instance's EVM JSON-RPC URL, from {@code <state>/gateway/evm.yml} */
    public static String rpcUrl() {
        try {
            return Files.readAllLines(Path.of(System.getenv("WIPETRACE_STATE"), "gateway", "evm.yml")).stream()
                    .map(String::strip).filter(line -> line.startsWith("rpc-url:"))
                    .map(line -> line.substring("rpc-url:".length()).strip()).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param bundle a bundle
     * @return the verifier's result against the instance's chain and trust file
     */
    public static BundleVerifier.Result check(final JsonNode bundle) {
        return BundleVerifier.check(bundle, trust(), JsonRpcChain.http(URI.create(rpcUrl())));
    }

    /**
     * Fetches a bundle until the verifier finds it verified, fetching again while it is stale or its anchor not yet
     * final; fails on any other verdict.
     *
     * @param fetch gets the bundle as served
     * @param deviceId the device it must be of
     * @return the verified bundle
     */
    public static JsonNode assertVerifies(final Callable<JsonNode> fetch, final String deviceId) throws Exception {
        final Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            final JsonNode bundle = fetch.call();
            assertThat(bundle.path("deviceId").asText()).isEqualTo(deviceId);
            // The proof module reads every member of what the gateway serves and writes the same bytes back.
            assertThat(ProofBundleJson.write(ProofBundleJson.read(bundle)))
                    .isEqualTo(new ObjectMapper().writeValueAsBytes(bundle));
            final BundleVerifier.Result result = check(bundle);
            if (result.verdict() == BundleVerifier.Verdict.VERIFIED) {
                return bundle;
            }
            final boolean later = "STALE_BUNDLE".equals(result.code()) || "ANCHOR_NOT_FINAL".equals(result.code());
            if (!later || Instant.now().isAfter(deadline)) {
                fail("the bundle of " + deviceId + " is " + result.verdict() + " [" + result.code() + "]: "
                        + result.reason());
            }
            Thread.sleep(500);
        }
    }
}
