package io.wipetrace.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.proof.ledger.LedgerError;
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

    record Drawn(String code, String drawing) {}

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
        final KeySecrets secrets = new KeySecrets("collector", "key-00000000");
        assertThat(writes.requestHash(secrets, "POST /x", Map.of("a", 1, "b", Map.of("y", 2, "x", 3))))
                .isEqualTo(writes.requestHash(secrets, "POST /x", new java.util.TreeMap<>(Map.of("b",
                        Map.of("x", 3, "y", 2), "a", 1))))
                .isNotEqualTo(writes.requestHash(secrets, "POST /y", Map.of("a", 1, "b", Map.of("y", 2, "x", 3))))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void keys_the_request_hash_so_a_stored_hash_cannot_test_a_guessed_request() throws Exception {
        final Map<String, Object> request = Map.of("imei", "356938035643809");
        final String keyed = writes.requestHash(new KeySecrets("collector", "key-00000000"), "POST /x", request);

        assertThat(keyed).isNotEqualTo(writes.requestHash(new KeySecrets("collector", "key-00000001"), "POST /x",
                request));
        final byte[] unkeyed = java.security.MessageDigest.getInstance("SHA-256").digest(
                ("POST /x\n{\"imei\":\"356938035643809\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(keyed).isNotEqualTo(java.util.HexFormat.of().formatHex(unkeyed));
    }

    @Test
    void stores_neither_the_key_nor_a_response_or_value_in_clear_and_a_retry_with_the_key_reads_them() {
        final String secret = "RECEIPT-" + UUID.randomUUID();
        final String key = "key-" + UUID.randomUUID();
        final ResponseEntity<Response> first = writes.execute("collector", key, "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> new Response(context.remember("code", String.class, () -> secret), 1));

        final InMemoryIdempotencyStore.Row row = store.rows.values().iterator().next();
        assertThat(store.rows.keySet()).noneMatch(name -> name.contains(key)).allMatch(name -> name.matches(
                "collector/[0-9a-f]{64}"));
        assertThat(row.body).startsWith("v1.").doesNotContain(secret);
        assertThat(row.values.get("code")).startsWith("v1.").doesNotContain(secret);
        assertThat(writes.execute("collector", key, "POST /x", "r", HttpStatus.CREATED, Response.class,
                context -> new Response("run again", 2)).getBody()).isEqualTo(first.getBody());
    }

    @Test
    void stores_a_compact_form_of_a_response_and_replays_it_made_whole_again() {
        final IdempotentWrites.Stored<Drawn> compact = new IdempotentWrites.Stored<>(Drawn.class,
                drawn -> new Drawn(drawn.code(), null), stored -> new Drawn(stored.code(), "drawing of " + stored.code()));
        final String key = "key-" + UUID.randomUUID();

        final ResponseEntity<Drawn> first = writes.execute("collector", key, "POST /x", "r", HttpStatus.CREATED,
                compact, context -> new Drawn("ABC-" + runs.incrementAndGet(), "drawing of ABC-" + runs.get()));
        final ResponseEntity<Drawn> retry = writes.execute("collector", key, "POST /x", "r", HttpStatus.CREATED,
                compact, context -> new Drawn("run again", "x"));

        final String stored = new KeySecrets("collector", key).open(KeySecrets.RESPONSE,
                store.rows.values().iterator().next().body);
        assertThat(stored).contains("ABC-1").doesNotContain("drawing of");
        assertThat(first.getBody()).isEqualTo(new Drawn("ABC-1", "drawing of ABC-1"));
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getFirst(IdempotentWrites.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(runs).hasValue(1);
    }

    @Test
    void a_stored_response_sealed_for_one_key_does_not_open_under_another() {
        final KeySecrets one = new KeySecrets("collector", "key-00000001");
        final String sealed = one.seal("response", "{\"receiptCode\":\"ABCD\"}");

        assertThat(one.open("response", sealed)).isEqualTo("{\"receiptCode\":\"ABCD\"}");
        assertThatThrownBy(() -> new KeySecrets("collector", "key-00000002").open("response", sealed))
                .isInstanceOf(io.wipetrace.gateway.crypto.Aead.Unreadable.class);
        assertThatThrownBy(() -> new KeySecrets("processor", "key-00000001").open("response", sealed))
                .isInstanceOf(io.wipetrace.gateway.crypto.Aead.Unreadable.class);
        assertThatThrownBy(() -> one.open("value:generated", sealed))
                .isInstanceOf(io.wipetrace.gateway.crypto.Aead.Unreadable.class);
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
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS");
                    assertThat(e.headers()).containsEntry("Retry-After", "1");
                });
    }

    @Test
    void takes_over_at_once_a_lease_this_process_left_when_the_database_could_not_be_told() {
        // The first attempt fails while the database is down: its lease (two minutes) cannot be ended.
        store.unreachable = new IllegalStateException("database unreachable");
        assertThatThrownBy(() -> writes.execute("collector", "key-00000005", "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> {
                    context.remember("id", String.class, () -> "first");
                    throw new IllegalStateException("connection refused");
                })).hasMessage("database unreachable");
        store.unreachable = null;

        // The retry, a moment later in the same process, runs instead of waiting for the lease to run out.
        final ResponseEntity<Response> retry = call("key-00000005", "r");

        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody().id()).as("what the first attempt stored is kept").isEqualTo("first");
        assertThat(runs).hasValue(1);
    }

    @Test
    void leaves_a_lease_of_another_live_process_to_it() {
        store.unreachable = new IllegalStateException("database unreachable");
        assertThatThrownBy(() -> writes.execute("collector", "key-00000006", "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> {
                    throw new IllegalStateException("connection refused");
                })).hasMessage("database unreachable");
        store.unreachable = null;
        store.leasesOfAnotherProcess = true;

        assertThatThrownBy(() -> call("key-00000006", "r")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS"));
        assertThat(runs).hasValue(0);
    }

    @Test
    void tells_a_second_attempt_in_this_process_to_come_back_while_the_first_runs_and_lets_it_in_after()
            throws Exception {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        final var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            final var first = pool.submit(() -> writes.execute("collector", "key-00000007", "POST /x", "r",
                    HttpStatus.CREATED, Response.class, context -> {
                        started.countDown();
                        try {
                            finish.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new Response("first", runs.incrementAndGet());
                    }));
            started.await();

            assertThatThrownBy(() -> call("key-00000007", "r")).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS"));
            finish.countDown();
            assertThat(first.get().getBody()).isEqualTo(new Response("first", 1));
            assertThat(call("key-00000007", "r").getBody()).as("replayed").isEqualTo(new Response("first", 1));
            assertThat(runs).hasValue(1);
        } finally {
            finish.countDown();
            pool.shutdownNow();
        }
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
                    throw LedgerException.rejected(LedgerError.NOT_CUSTODIAN, "no", null);
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

    @Test
    void stores_a_value_remembered_before_submit_with_the_transaction_and_a_retry_gets_it_back() {
        final List<String> ids = new ArrayList<>();
        final TransactionJournal.PreparedTransaction prepared =
                new TransactionJournal.PreparedTransaction("tx-1", new byte[] {1, 2}, new byte[] {3});
        assertThatThrownBy(() -> writes.execute("collector", "key-00000010", "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> {
                    ids.add(context.rememberBeforeSubmit("id", String.class, () -> "generated-once"));
                    ids.add(context.rememberBeforeSubmit("id", String.class, () -> "generated-twice"));
                    assertThat(store.rows.values().iterator().next().values).as("not stored before the transaction")
                            .isEmpty();
                    context.journal("submit").recordPrepared(prepared);
                    throw new LedgerException(LedgerException.Kind.OUTCOME_UNKNOWN, "LEDGER_OUTCOME_UNKNOWN", "?",
                            null);
                })).isInstanceOf(LedgerException.class);

        final ResponseEntity<Response> retry = writes.execute("collector", "key-00000010", "POST /x", "r",
                HttpStatus.CREATED, Response.class, context -> {
                    ids.add(context.rememberBeforeSubmit("id", String.class, () -> "generated-again"));
                    return new Response("done", 2);
                });

        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(ids).containsExactly("generated-once", "generated-once", "generated-once");
        assertThat(store.valueStatements).as("no statement of its own").isZero();
        assertThat(store.statementsWithValues).isEqualTo(1);
    }

    @Test
    void stores_a_value_remembered_before_submit_with_the_response_when_nothing_was_submitted() {
        final ResponseEntity<Response> first = writes.execute("collector", "key-00000011", "POST /x", "r",
                HttpStatus.CREATED, Response.class,
                context -> new Response(context.rememberBeforeSubmit("id", String.class, () -> "answered"), 1));

        assertThat(first.getBody().id()).isEqualTo("answered");
        assertThat(store.valueStatements).isZero();
        assertThat(writes.recall("collector", "key-00000011", "id", String.class)).contains("answered");
    }

    @Test
    void forgets_a_value_remembered_before_submit_when_the_attempt_ends_before_storing_anything() {
        final List<String> ids = new ArrayList<>();
        assertThatThrownBy(() -> writes.execute("collector", "key-00000012", "POST /x", "r", HttpStatus.CREATED,
                Response.class, context -> {
                    ids.add(context.rememberBeforeSubmit("id", String.class, () -> "lost"));
                    throw new IllegalStateException("crashed before submitting");
                })).isInstanceOf(IllegalStateException.class);
        store.now = store.now.plus(Duration.ofMinutes(3));

        writes.execute("collector", "key-00000012", "POST /x", "r", HttpStatus.CREATED, Response.class, context -> {
            ids.add(context.rememberBeforeSubmit("id", String.class, () -> "new"));
            return new Response("done", 2);
        });

        assertThat(ids).as("it never left the attempt, so the retry makes another").containsExactly("lost", "new");
    }

    @Test
    void a_value_remembered_before_submit_then_remembered_is_stored_at_once_unchanged() {
        final List<String> ids = new ArrayList<>();
        writes.execute("collector", "key-00000013", "POST /x", "r", HttpStatus.CREATED, Response.class, context -> {
            ids.add(context.rememberBeforeSubmit("id", String.class, () -> "first"));
            ids.add(context.remember("id", String.class, () -> "second"));
            assertThat(store.rows.values().iterator().next().values).hasSize(1);
            return new Response("done", 1);
        });

        assertThat(ids).containsExactly("first", "first");
        assertThat(store.valueStatements).isEqualTo(1);
    }

    @Test
    void past_half_its_lease_a_value_remembered_before_submit_is_stored_at_once() {
        final IdempotentWrites noLease = new IdempotentWrites(store,
                new IdempotencyProperties(Duration.ZERO, Duration.ofHours(24)), new ObjectMapper());
        noLease.execute("collector", "key-00000014", "POST /x", "r", HttpStatus.CREATED, Response.class, context -> {
            context.rememberBeforeSubmit("id", String.class, () -> "stored-now");
            assertThat(store.rows.values().iterator().next().values).hasSize(1);
            return new Response("done", 1);
        });

        assertThat(store.valueStatements).isEqualTo(1);
    }

    @Test
    void a_new_key_looks_up_only_what_its_own_attempt_stored() {
        final List<Optional<TransactionJournal.PreparedTransaction>> seen = stepsOfANewKey(writes, "key-00000007");

        assertThat(seen.get(0)).isEmpty();
        assertThat(seen.get(1)).as("what this attempt recorded").contains(PREPARED);
        assertThat(seen.get(2)).isEmpty();
        assertThat(store.lookups).as("only the step this attempt had recorded is read back").isEqualTo(1);
    }

    @Test
    void past_half_its_lease_an_attempt_looks_up_what_a_retry_may_have_stored() {
        final IdempotentWrites noLease = new IdempotentWrites(store,
                new IdempotencyProperties(Duration.ZERO, Duration.ofHours(24)), new ObjectMapper());
        stepsOfANewKey(noLease, "key-00000008");
        assertThat(store.lookups).as("the value, and each step before it is recorded and after").isEqualTo(4);
    }

    private static final TransactionJournal.PreparedTransaction PREPARED =
            new TransactionJournal.PreparedTransaction("tx-1", new byte[] {1, 2}, new byte[] {3});

    /** A request that remembers a value, records a step and looks it and another step up. */
    private static List<Optional<TransactionJournal.PreparedTransaction>> stepsOfANewKey(final IdempotentWrites writes,
            final String key) {
        final TransactionJournal.PreparedTransaction prepared = PREPARED;
        final List<Optional<TransactionJournal.PreparedTransaction>> seen = new ArrayList<>();
        final ResponseEntity<Response> answer = writes.execute("collector", key, "POST /x", "r",
                HttpStatus.CREATED, Response.class, context -> {
                    final String id = context.remember("id", String.class, () -> "generated");
                    final TransactionJournal journal = context.journal("submit");
                    seen.add(journal.prepared());
                    journal.recordPrepared(prepared);
                    seen.add(journal.prepared());
                    seen.add(context.journal("other").prepared());
                    return new Response(id, 1);
                });

        assertThat(answer.getBody()).isEqualTo(new Response("generated", 1));
        return seen;
    }
}
