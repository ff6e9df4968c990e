package io.wipetrace.gateway.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.JdbcTemplate;

/** The anchors the gateway made during a benchmark: events per anchor from its tables, gas from the EVM node. */
final class Anchors {

    /** Anchors recorded in a run: how many, events per anchor, gas per anchor (mean and max). */
    record Figures(int anchors, double meanEvents, long maxEvents, double meanGas, long maxGas) {

        String line() {
            return anchors == 0 ? "no anchor was recorded"
                    : String.format("%d anchors, %.0f events per anchor on average (largest %d), %.0f gas per anchor"
                            + " on average (largest %d)", anchors, meanEvents, maxEvents, meanGas, maxGas);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final String rpcUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    Anchors(final JdbcTemplate jdbc, final String rpcUrl) {
        this.jdbc = jdbc;
        this.rpcUrl = rpcUrl;
    }

    /** The sequence the next anchor will have. */
    long nextSequence() {
        final Long max = jdbc.queryForObject("SELECT max(sequence) FROM anchor_window", Long.class);
        return max == null ? 0 : max + 1;
    }

    /**
     * Waits until every event projected so far is in a window recorded on both chains.
     *
     * @param limit how long to wait at most
     * @return how long it took
     * @throws IllegalStateException if anchoring has not caught up within the limit
     */
    Duration awaitCaughtUp(final Duration limit) throws InterruptedException {
        final long started = System.nanoTime();
        final Long height = eventHeight();
        while (System.nanoTime() - started < limit.toNanos()) {
            if (behind(height, recordedThrough()) == 0) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("anchoring did not reach block " + height + " within " + limit);
    }

    /**
     * How many blocks the newest projected event is past the last window recorded on both chains: 0 when anchoring has
     * caught up.
     */
    synchronized long blocksBehind() {
        return behind(eventHeight(), recordedThrough());
    }

    /** The block of the newest projected event, or null. */
    private Long eventHeight() {
        return jdbc.queryForObject("SELECT max(block_number) FROM ledger_event", Long.class);
    }

    /** The last block of the latest window recorded on both chains, or null. */
    private Long recordedThrough() {
        return jdbc.queryForObject("SELECT max(last_block) FROM anchor_window WHERE status = 'RECORDED'", Long.class);
    }

    static long behind(final Long height, final Long recorded) {
        if (height == null) {
            return 0;
        }
        return recorded == null ? height + 1 : Math.max(0, height - recorded);
    }

    /**
     * Follows anchoring from now until closed, every {@code every}: how far behind it was at the start, and when it
     * first caught up.
     */
    CatchUp follow(final Duration every) {
        return new CatchUp(this::blocksBehind, System::nanoTime, every);
    }

    /** Anchoring's backlog followed over a run. */
    static final class CatchUp implements AutoCloseable {

        private final LongSupplier behind;
        private final LongSupplier clock;
        private final long started;
        private final long behindAtStart;
        /** Nanoseconds from the start to the first reading of no backlog; -1 while anchoring is behind. */
        private volatile long caughtUpAfter = -1;
        private final Thread sampler;

        CatchUp(final LongSupplier behind, final LongSupplier clock, final Duration every) {
            this.behind = behind;
            this.clock = clock;
            this.started = clock.getAsLong();
            this.behindAtStart = behind.getAsLong();
            if (behindAtStart == 0) {
                caughtUpAfter = 0;
            }
            this.sampler = Thread.ofVirtual().start(() -> {
                try {
                    while (caughtUpAfter < 0) {
                        Thread.sleep(every);
                        check();
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        /** Reads the backlog now and notes the moment it is first gone. */
        void check() {
            if (caughtUpAfter < 0 && behind.getAsLong() == 0) {
                caughtUpAfter = clock.getAsLong() - started;
            }
        }

        /** Whether anchoring was behind at the last reading. */
        boolean behind() {
            return caughtUpAfter < 0;
        }

        long behindAtStart() {
            return behindAtStart;
        }

        /** @return the seconds from the start until anchoring caught up, or NaN if it had not by the last reading */
        double caughtUpAfterSeconds() {
            final long after = caughtUpAfter;
            return after < 0 ? Double.NaN : after / 1e9;
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
        }
    }

    /** The anchors from {@code sequence} on that have reached the EVM chain. */
    Figures since(final long sequence) throws Exception {
        final List<Map<String, Object>> rows = jdbc.queryForList("SELECT event_count, evm_transaction FROM anchor_window"
                + " WHERE sequence >= ? AND evm_transaction IS NOT NULL AND status IN ('CONFIRMED', 'RECORDED')",
                sequence);
        long events = 0;
        long maxEvents = 0;
        long gas = 0;
        long maxGas = 0;
        for (Map<String, Object> row : rows) {
            final long count = ((Number) row.get("event_count")).longValue();
            events += count;
            maxEvents = Math.max(maxEvents, count);
            final long used = gasUsed((String) row.get("evm_transaction"));
            gas += used;
            maxGas = Math.max(maxGas, used);
        }
        final int n = rows.size();
        return new Figures(n, n == 0 ? 0 : (double) events / n, maxEvents, n == 0 ? 0 : (double) gas / n, maxGas);
    }

    private long gasUsed(final String transaction) throws Exception {
        if (rpcUrl == null) {
            return 0;
        }
        final String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1,
                "method", "eth_getTransactionReceipt", "params", List.of(transaction)));
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rpcUrl))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        final JsonNode gas = JSON.readTree(response.body()).path("result").path("gasUsed");
        return gas.isTextual() ? Long.decode(gas.asText()) : 0;
    }
}
