package io.wipetrace.gateway.tools;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway started as a process of its own, from the gateway's jar, with the JVM options and application arguments
 * given: the gateway under test of a benchmark, so that its CPU is its own and not the load generator's. It is ready
 * once its health endpoint answers 200; {@link #close()} stops it (SIGTERM, then SIGKILL if it has not exited within
 * half a minute), and so does the JVM's shutdown if the benchmark is interrupted.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Process process;
    private final URI base;
    private final Path log;
    private final Thread stopOnExit;

    private GatewayProcess(final Process process, final URI base, final Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.stopOnExit = new Thread(this::stop, "stop the gateway under test");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts the gateway and waits until it is ready.
     *
     * @param java the {@code java} launcher
     * @param jar the gateway's jar
     * @param jvmOptions options for its JVM (heap, JFR, …)
     * @param arguments Spring Boot arguments ({@code --name=value}); the port and address are added here
     * @param log where its output goes
     * @param patience how long it may take to become ready
     * @throws IllegalStateException if it exits or is not ready within {@code patience} (it is stopped then)
     */
    static GatewayProcess start(final Path java, final Path jar, final List<String> jvmOptions,
            final List<String> arguments, final Path log, final Duration patience)
            throws IOException, InterruptedException {
        final int port = freePort();
        final List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=" + port);
        command.addAll(arguments);
        Files.createDirectories(log.toAbsolutePath().getParent());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        final GatewayProcess gateway = new GatewayProcess(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            gateway.awaitReady(patience);
        } catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** A port nobody listens on now, on the loopback address, for the gateway to take. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(final Duration patience) throws IOException, InterruptedException {
        final long started = System.nanoTime();
        final long deadline = started + patience.toNanos();
        final URI health = base.resolve("/actuator/health");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the gateway under test exited (" + process.exitValue()
                            + ") before it was ready; its log is " + log);
                }
                try {
                    final HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        System.out.printf("gateway under test: pid %d, %s, ready after %.1f s (its log: %s)%n",
                                process.pid(), base, (System.nanoTime() - started) / 1e9, log);
                        return;
                    }
                } catch (ConnectException | java.net.http.HttpTimeoutException notListeningYet) {
                    // still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway under test was not ready within " + patience
                            + "; its log is " + log);
                }
                Thread.sleep(POLL);
            }
        }
    }

    /** Where it answers, e.g. {@code http://127.0.0.1:40123}. */
    URI base() {
        return base;
    }

    /** Its process, e.g. to read its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Starts a flight recording in the gateway ({@code jcmd JFR.start}, the {@code profile} settings), written to
     * {@code file} when the returned handle is closed.
     */
    AutoCloseable flightRecording(final Path file) throws IOException, InterruptedException {
        final String name = "bench-" + System.nanoTime();
        jcmd("JFR.start", "name=" + name, "settings=profile");
        return () -> jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private void jcmd(final String... command) throws IOException, InterruptedException {
        final List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(process.pid())));
        line.addAll(List.of(command));
        final Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        final String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output.strip());
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
