package io.wipetrace.portal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the browser tests run against, started once per test JVM: the identity provider's jar as its own process
 * (demo people of this run's own, named {@code <prefix>collector.clerk} and so on, in {@link #demoAccounts}), the
 * gateway's jar as its own process on the real network named by {@code WIPETRACE_STATE} (trusting that provider's
 * tokens; anchoring windows that close at once, so proofs are ready in seconds), and the portal in this JVM pointed at
 * both and at the network's EVM node, with people's sign-in and the API-key form both on. All stop when the JVM exits.
 */
final class TestSystem {

    /** Verifications (distinct receipt codes) one visitor may make per minute on the test gateway. */
    static final int VERIFY_ALLOWANCE = 100;

    private static TestSystem instance;

    final Path state;
    final URI gateway;
    final URI portal;
    final String evmRpcUrl;
    final URI identity;
    /** The identity provider's demo people of this run: user names, passwords, TOTP secrets. */
    final Path demoAccounts;
    private final Process identityProcess;
    private final Process gatewayProcess;
    private final ConfigurableApplicationContext portalContext;

    private TestSystem(final Path state) throws Exception {
        this.state = state;
        final Path jar = Path.of(System.getProperty("wipetrace.gateway.jar", "../gateway/target/wipetrace-gateway.jar"));
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: build the gateway first (mvn -pl portal -am verify builds it).");
        }
        final int gatewayPort = freePort();
        final int portalPort = freePort();
        final int identityPort = freePort();
        this.gateway = URI.create("http://127.0.0.1:" + gatewayPort);
        this.portal = URI.create("http://127.0.0.1:" + portalPort);
        this.identity = URI.create("http://127.0.0.1:" + identityPort);
        final String clientSecret = java.util.UUID.randomUUID().toString();
        this.demoAccounts = Path.of("target", "identity-demo-accounts.json").toAbsolutePath();
        Files.deleteIfExists(demoAccounts);
        final Path identityJar = Path.of(System.getProperty("wipetrace.identity.jar",
                "../identity/target/wipetrace-identity.jar"));
        final Path identityLog = Path.of("target", "identity-it.log").toAbsolutePath();
        Files.createDirectories(identityLog.getParent());
        final ProcessBuilder identityBuilder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                identityJar.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(identityLog.toFile());
        final java.util.Map<String, String> idp = identityBuilder.environment();
        idp.put("WIPETRACE_STATE", state.toString());
        idp.put("WIPETRACE_IDENTITY_PORT", Integer.toString(identityPort));
        idp.put("WIPETRACE_IDENTITY_ISSUER", identity.toString());
        idp.put("WIPETRACE_IDENTITY_PORTAL_SECRET", clientSecret);
        idp.put("WIPETRACE_IDENTITY_PORTAL_REDIRECT_URIS", portal + "/login/oauth2/code/wipetrace");
        idp.put("WIPETRACE_IDENTITY_PORTAL_LOGOUT_URIS", portal + "/");
        idp.put("WIPETRACE_DEMO_ACCOUNTS", "true");
        idp.put("WIPETRACE_DEMO_USERNAME_PREFIX", "it" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + ".");
        idp.put("WIPETRACE_DEMO_ACCOUNTS_FILE", demoAccounts.toString());
        this.identityProcess = identityBuilder.start();
        awaitHealthy(identityProcess, "identity provider", identity.resolve("/actuator/health"), Duration.ofMinutes(6),
                identityLog);
        this.evmRpcUrl = Files.readAllLines(state.resolve("gateway/evm.yml")).stream()
                .filter(line -> line.strip().startsWith("rpc-url:"))
                .map(line -> line.strip().substring("rpc-url:".length()).strip().replace("\"", ""))
                .findFirst().orElse("");
        final Path log = Path.of("target", "gateway-it.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        final ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                jar.toAbsolutePath().toString(),
                "--wipetrace.anchoring.window-events=1", "--wipetrace.anchoring.window-age=1s",
                "--wipetrace.anchoring.poll=200ms"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WIPETRACE_STATE", state.toString());
        builder.environment().put("WIPETRACE_GATEWAY_PORT", Integer.toString(gatewayPort));
        builder.environment().put("WIPETRACE_DEMO_KEYS", "true");
        builder.environment().put("WIPETRACE_PORTAL_URL", portal.toString());
        // A real allowance per visitor; the portal (this JVM, on 127.0.0.1) is the proxy whose forwarded visitor
        // address the gateway believes.
        builder.environment().put("WIPETRACE_VERIFY_RATE_LIMIT", Integer.toString(VERIFY_ALLOWANCE));
        builder.environment().put("WIPETRACE_VERIFY_TRUSTED_PROXIES", "127.0.0.1");
        builder.environment().put("WIPETRACE_OAUTH2_ISSUER_URI", identity.toString());
        this.gatewayProcess = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        // A bound for a machine busy with other work, not an expectation: a quiet start takes well under a minute.
        awaitHealthy(gatewayProcess, "gateway", gateway.resolve("/actuator/health"), Duration.ofMinutes(6), log);
        // Arguments, not default properties: they must win over application.yml.
        this.portalContext = new SpringApplicationBuilder(PortalApplication.class).run(
                "--server.port=" + portalPort,
                "--wipetrace.portal.gateway-url=" + gateway,
                "--wipetrace.portal.evm-rpc-url=" + evmRpcUrl,
                // The alliance's trust file the network's EVM step wrote: the page pins its chain and contract.
                "--wipetrace.portal.trust-file=" + state.resolve("wipetrace-trust.json"),
                // Tests stand for many visitors behind one front proxy on 127.0.0.1, each named by X-Forwarded-For.
                "--wipetrace.portal.trusted-proxies=127.0.0.1",
                // People sign in at the identity provider; the API-key form stays for the other consoles' tests.
                "--wipetrace.portal.sign-in.issuer-uri=" + identity,
                "--wipetrace.portal.sign-in.client-secret=" + clientSecret,
                "--wipetrace.portal.sign-in.api-keys=true");
    }

    /** The running system, started on first use; fails the test unless {@code WIPETRACE_STATE} names a network. */
    static synchronized TestSystem get() throws Exception {
        if (instance == null) {
            final String state = System.getenv("WIPETRACE_STATE");
            if (state == null || state.isBlank() || !Files.isReadable(Path.of(state, "gateway", "network.yml"))) {
                fail("WIPETRACE_STATE must name the state directory of a running network (./wipetrace up, then"
                        + " WIPETRACE_STATE=<state> mvn -pl portal -am verify); or run everything with ./wipetrace test");
            }
            instance = new TestSystem(Path.of(state));
        }
        return instance;
    }

    /** @return the portal URL of a path */
    String url(final String path) {
        return portal.resolve(path).toString();
    }

    private void stop() {
        if (portalContext != null) {
            portalContext.close();
        }
        stop(gatewayProcess);
        stop(identityProcess);
    }

    private static void stop(final Process process) {
        process.destroy();
        try {
            process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private static void awaitHealthy(final Process process, final String name, final URI health,
            final Duration timeout, final Path log) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the " + name + " exited with " + process.exitValue() + "; its log is " + log);
            }
            try {
                final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        fail("the " + name + " did not report healthy within " + timeout + " (last answer: " + last + "); its log is " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
