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
        final Long height = jdbc.queryForObject("SELECT max(block_number) FROM ledger_event", Long.class);
        while (System.nanoTime() - started < limit.toNanos()) {
            final Long recorded = jdbc.queryForObject(
                    "SELECT max(last_block) FROM anchor_window WHERE status = 'RECORDED'", Long.class);
            if (height == null || recorded != null && recorded >= height) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("anchoring did not reach block " + height + " within " + limit);
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
