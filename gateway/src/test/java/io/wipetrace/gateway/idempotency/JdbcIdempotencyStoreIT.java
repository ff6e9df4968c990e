package io.wipetrace.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.TransactionJournal.PreparedTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The idempotency store's SQL on the real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "wipetrace.projection.enabled=false")
class JdbcIdempotencyStoreIT {

    @Autowired
    private IdempotencyStore store;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcTemplate jdbc;

    @BeforeAll
    static void requireDatabase() {
        RunningNetwork.require();
    }

    @Test
    void claims_a_key_once_then_replays_refuses_reuse_and_takes_over_an_expired_lease() throws Exception {
        final String key = UUID.randomUUID().toString();
        final String hash = "a".repeat(64);

        assertThat(store.claim("collector", key, hash, Duration.ofMillis(300)))
                .as("a new key").isEqualTo(new IdempotencyStore.Claim.Acquired(true));
        assertThat(store.claim("collector", key, hash, Duration.ofMillis(300)))
                .isInstanceOf(IdempotencyStore.Claim.InProgress.class);
        assertThat(store.claim("collector", key, "b".repeat(64), Duration.ofMillis(300)))
                .isInstanceOf(IdempotencyStore.Claim.Reused.class);
        assertThat(store.claim("processor", key, hash, Duration.ofMillis(300)))
                .as("another organisation's key space").isInstanceOf(IdempotencyStore.Claim.Acquired.class);

        store.recordTransaction("collector", key, "submit", new PreparedTransaction("tx-1", new byte[] {1, 2},
                new byte[] {3}), Map.of());
        assertThat(store.recordValue("collector", key, "id", "\"first\"")).isEqualTo("\"first\"");
        assertThat(store.recordValue("collector", key, "id", "\"second\"")).as("the value stored first wins")
                .isEqualTo("\"first\"");
        Thread.sleep(400);
        assertThat(store.claim("collector", key, hash, Duration.ofSeconds(30)))
                .as("after the lease: taken over, its steps may be stored")
                .isEqualTo(new IdempotencyStore.Claim.Acquired(false));
        assertThat(store.transaction("collector", key, "submit")).hasValueSatisfying(tx -> {
            assertThat(tx.transactionId()).isEqualTo("tx-1");
            assertThat(tx.bytes()).containsExactly(1, 2);
        });
        assertThat(store.value("collector", key, "id")).contains("\"first\"");

        store.complete("collector", key, 201, "{\"ok\":true}", Map.of());
        assertThat(store.claim("collector", key, hash, Duration.ofSeconds(30)))
                .isEqualTo(new IdempotencyStore.Claim.Completed(201, "{\"ok\":true}"));
    }

    @Test
    void stores_new_values_in_the_statement_that_records_a_transaction_or_completes_and_refuses_one_stored_already() {
        final String key = UUID.randomUUID().toString();
        final String hash = "c".repeat(64);
        store.claim("collector", key, hash, Duration.ofMinutes(1));

        store.recordTransaction("collector", key, "offer", new PreparedTransaction("tx-1", new byte[] {1},
                new byte[] {2}), Map.of("id", "\"HO-1\"", "bag", "{\"deviceIds\":[]}"));
        assertThat(store.value("collector", key, "id")).contains("\"HO-1\"");
        assertThat(store.value("collector", key, "bag")).contains("{\"deviceIds\":[]}");
        assertThat(store.transaction("collector", key, "offer")).isPresent();

        assertThatThrownBy(() -> store.recordTransaction("collector", key, "second", new PreparedTransaction("tx-2",
                new byte[] {3}, new byte[] {4}), Map.of("id", "\"HO-2\"")))
                .as("a value stored already fails the statement").isInstanceOf(DataAccessException.class);
        assertThat(store.transaction("collector", key, "second")).as("nothing of it recorded").isEmpty();
        assertThat(store.value("collector", key, "id")).contains("\"HO-1\"");

        store.complete("collector", key, 201, "{}", Map.of("answer", "\"42\""));
        assertThat(store.value("collector", key, "answer")).contains("\"42\"");
        assertThat(store.claim("collector", key, hash, Duration.ofSeconds(30)))
                .isEqualTo(new IdempotencyStore.Claim.Completed(201, "{}"));
    }

    @Test
    void takes_over_a_key_at_once_when_the_process_holding_its_lease_has_died() throws Exception {
        final String key = UUID.randomUUID().toString();
        final String hash = "f".repeat(64);
        assertThat(store.claim("collector", key, hash, Duration.ofMinutes(10)))
                .isInstanceOf(IdempotencyStore.Claim.Acquired.class);

        // Another gateway process: alive while its session holds its liveness lock, and it owns the key's lease.
        final int other;
        try (Connection process = dataSource.getConnection()) {
            other = lockSomeId(process);
            jdbc.update("update idempotency_request set owner = ? where organisation = ? and key_hash = ?",
                    other, "collector", key);
            assertThat(store.claim("collector", key, hash, Duration.ofMinutes(10)))
                    .as("the owner is alive and its lease runs for minutes")
                    .isInstanceOf(IdempotencyStore.Claim.InProgress.class);
            // The process is killed: its session ends and its locks with it (a pooled connection stays open, so
            // this drops them as the end of the session would).
            try (PreparedStatement unlock = process.prepareStatement("select pg_advisory_unlock_all()")) {
                unlock.execute();
            }
        }
        assertThat(store.claim("collector", key, hash, Duration.ofMinutes(10)))
                .as("the owner died, ten minutes before its lease would end")
                .isInstanceOf(IdempotencyStore.Claim.Acquired.class);
        assertThat(store.claim("collector", key, hash, Duration.ofMinutes(10)))
                .as("now held by this process, which is alive").isInstanceOf(IdempotencyStore.Claim.InProgress.class);
        assertThat(jdbc.queryForObject("select owner from idempotency_request where organisation = ? and key_hash = ?",
                Integer.class, "collector", key)).isNotEqualTo(other);
    }

    @Test
    void renews_only_a_pending_lease_this_process_holds_for_an_attempt_of_its_own_to_take_over() throws Exception {
        final String key = UUID.randomUUID().toString();
        final String hash = "e".repeat(64);
        assertThat(store.takeOverOwnLease("collector", key, Duration.ofMinutes(2))).as("no such request").isFalse();
        assertThat(store.claim("collector", key, hash, Duration.ofSeconds(1)))
                .isInstanceOf(IdempotencyStore.Claim.Acquired.class);

        assertThat(store.takeOverOwnLease("collector", key, Duration.ofMinutes(2))).isTrue();
        assertThat(jdbc.queryForObject("select lease_until > now() + interval '1 minute' from idempotency_request"
                + " where organisation = ? and key_hash = ?", Boolean.class, "collector", key))
                .as("the lease renewed").isTrue();

        try (Connection process = dataSource.getConnection()) {
            final int other = lockSomeId(process);
            jdbc.update("update idempotency_request set owner = ? where organisation = ? and key_hash = ?",
                    other, "collector", key);
            assertThat(store.takeOverOwnLease("collector", key, Duration.ofMinutes(2)))
                    .as("the lease of another live process").isFalse();
            try (PreparedStatement unlock = process.prepareStatement("select pg_advisory_unlock_all()")) {
                unlock.execute();
            }
        }
        assertThat(store.claim("collector", key, hash, Duration.ofMinutes(2)))
                .as("its owner died").isInstanceOf(IdempotencyStore.Claim.Acquired.class);
        store.complete("collector", key, 201, "{}", Map.of());
        assertThat(store.takeOverOwnLease("collector", key, Duration.ofMinutes(2))).as("completed").isFalse();
    }

    /** Takes a liveness lock with an ID of its own on the connection, as a gateway process does. */
    private static int lockSomeId(final Connection connection) throws Exception {
        for (int id = 1 + (int) (System.nanoTime() & 0xffffff); ; id++) {
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, ProcessLiveness.LOCK_CLASS);
                lock.setInt(2, id);
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return id;
                    }
                }
            }
        }
    }

    @Test
    void expires_completed_responses_after_the_retention() {
        final String key = UUID.randomUUID().toString();
        store.claim("collector", key, "e".repeat(64), Duration.ofSeconds(30));
        store.complete("collector", key, 201, "{\"receiptCode\":\"7K2Q\"}", Map.of());

        assertThat(store.expire(Duration.ofDays(1))).as("not yet").isZero();
        assertThat(store.expire(Duration.ZERO)).isPositive();
        assertThat(store.claim("collector", key, "e".repeat(64), Duration.ofSeconds(30)))
                .isInstanceOf(IdempotencyStore.Claim.Acquired.class);
    }

    @Test
    void forgets_a_request_and_its_steps() {
        final String key = UUID.randomUUID().toString();
        store.claim("collector", key, "c".repeat(64), Duration.ofSeconds(30));
        store.recordValue("collector", key, "id", "\"x\"");

        store.forget("collector", key);

        assertThat(store.claim("collector", key, "d".repeat(64), Duration.ofSeconds(30)))
                .isInstanceOf(IdempotencyStore.Claim.Acquired.class);
        assertThat(store.value("collector", key, "id")).isEmpty();
    }
}
