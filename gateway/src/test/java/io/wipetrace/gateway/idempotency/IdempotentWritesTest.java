package io.wipetrace.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.ledger.TransactionJournal;
import io.wipetrace.gateway.web.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class IdempotentWritesTest {

    record Offer(String handoverId, List<String> deviceIds) {}

    record Response(String id, int attempt) {}

    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final IdempotentWrites writes = new IdempotentWrites(store,
            new IdempotencyProperties(Duration.ofSeconds(120), Duration.ofHours(24)), new ObjectMapper());
    private final AtomicInteger runs = new AtomicInteger();

    private ResponseEntity<Response> call(final String key, final Object request) {
        return writes.execute("collector", key, "POST /x", request, HttpStatus.CREATED, Response.class,
                context -> new Response(context.remember("id", String.class, () -> UUID.randomUUID().toString()),
                        runs.incrementAndGet()));
    }

    @Test
    void runs_a_request_once_and_replays_its_response_to_a_retry() {
        final ResponseEntity<Response> first = call("key-00000001", new Offer("HO-1", List.of("a", "b")));
        final ResponseEntity<Response> retry = call("key-00000001", new Offer("HO-1", List.of("a", "b")));

        assertThat(runs).hasValue(1);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getFirst(IdempotentWrites.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(first.getHeaders().getFirst(IdempotentWrites.REPLAYED_HEADER)).isNull();
    }

    @Test
    void hashes_requests_canonically_so_member_order_does_not_matter() {
        assertThat(writes.requestHash("POST /x", Map.of("a", 1, "b", Map.of("y", 2, "x", 3))))
                .isEqualTo(writes.requestHash("POST /x", new java.util.TreeMap<>(Map.of("b", Map.of("x", 3, "y", 2),
                        "a", 1))))
                .isNotEqualTo(writes.requestHash("POST /y", Map.of("a", 1, "b", Map.of("y", 2, "x", 3))))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void refuses_the_same_key_for_a_different_request() {
        call("key-00000002", new Offer("HO-1", List.of("a")));

        assertThatThrownBy(() -> call("key-00000002", new Offer("HO-1", List.of("b"))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                });
        assertThat(runs).hasValue(1);
    }

    @Test
    void keeps_the_keys_of_different_organisations_apart() {
        writes.execute("collector", "key-00000003", "POST /x", "same", HttpStatus.CREATED, Response.class,
                context -> new Response("c", runs.incrementAndGet()));
        writes.execute("processor", "key-00000003", "POST /x", "same", HttpStatus.CREATED, Response.class,
                context -> new Response("p", runs.incrementAndGet()));
        assertThat(runs).hasValue(2);
    }

    @Test
    void refuses_a_retry_while_the_first_attempt_holds_the_key() {
        assertThatThrownBy(() -> writes.execute("collector", "key-00000004", "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> call("key-00000004", "r").getBody()))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS"));
    }

    @Test
    void refuses_missing_or_malformed_keys() {
        for (String key : new String[] {null, "", "short", "has space in it", "x".repeat(129)}) {
            assertThatThrownBy(() -> call(key, "r")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
        }
        assertThat(runs).hasValue(0);
    }

    @Test
    void forgets_a_request_the_chaincode_refused_so_the_key_can_be_used_again() {
        assertThatThrownBy(() -> writes.execute("collector", "key-00000005", "POST /x", "first", HttpStatus.CREATED,
                Response.class, context -> {
                    throw new LedgerException(LedgerException.Kind.REJECTED, "NOT_CUSTODIAN", "no", null);
                })).isInstanceOf(LedgerException.class);

        assertThat(store.rows).isEmpty();
        assertThat(call("key-00000005", "second").getBody().attempt()).isEqualTo(1);
    }

    @Test
    void resumes_an_ambiguous_attempt_with_the_same_transaction_and_values() {
        final List<Optional<TransactionJournal.PreparedTransaction>> seen = new ArrayList<>();
        final List<String> ids = new ArrayList<>();
        final TransactionJournal.PreparedTransaction prepared =
                new TransactionJournal.PreparedTransaction("tx-1", new byte[] {1, 2}, new byte[] {3});
        assertThatThrownBy(() -> writes.execute("collector", "key-00000006", "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> {
                    ids.add(context.remember("id", String.class, () -> "generated-once"));
                    final TransactionJournal journal = context.journal("submit");
                    seen.add(journal.prepared());
                    journal.recordPrepared(prepared);
                    throw new LedgerException(LedgerException.Kind.OUTCOME_UNKNOWN, "LEDGER_OUTCOME_UNKNOWN", "?",
                            null);
                })).isInstanceOf(LedgerException.class);

        final ResponseEntity<Response> retry = writes.execute("collector", "key-00000006", "POST /x", "r",
                HttpStatus.CREATED, Response.class, context -> {
                    ids.add(context.remember("id", String.class, () -> "generated-again"));
                    seen.add(context.journal("submit").prepared());
                    return new Response("done", 2);
                });

        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(ids).containsExactly("generated-once", "generated-once");
        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).contains(prepared);
    }
}
