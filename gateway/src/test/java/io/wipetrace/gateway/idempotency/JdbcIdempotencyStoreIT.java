package io.wipetrace.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.TransactionJournal.PreparedTransaction;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The idempotency store's SQL on the real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "wipetrace.projection.enabled=false")
class JdbcIdempotencyStoreIT {

    @Autowired
    private IdempotencyStore store;

    @BeforeAll
    static void requireDatabase() {
        RunningNetwork.require();
    }

    @Test
    void claims_a_key_once_then_replays_refuses_reuse_and_takes_over_an_expired_lease() throws Exception {
        final String key = UUID.randomUUID().toString();
        final String hash = "a".repeat(64);

        assertThat(store.claim("collector", key, hash, Duration.ofMillis(300)))
                .isInstanceOf(IdempotencyStore.Claim.Acquired.class);
        assertThat(store.claim("collector", key, hash, Duration.ofMillis(300)))
                .isInstanceOf(IdempotencyStore.Claim.InProgress.class);
        assertThat(store.claim("collector", key, "b".repeat(64), Duration.ofMillis(300)))
                .isInstanceOf(IdempotencyStore.Claim.Reused.class);
        assertThat(store.claim("processor", key, hash, Duration.ofMillis(300)))
                .as("another organisation's key space").isInstanceOf(IdempotencyStore.Claim.Acquired.class);

        store.recordTransaction("collector", key, "submit", new PreparedTransaction("tx-1", new byte[] {1, 2},
                new byte[] {3}));
        store.recordValue("collector", key, "id", "\"first\"");
        store.recordValue("collector", key, "id", "\"second\"");
        Thread.sleep(400);
        assertThat(store.claim("collector", key, hash, Duration.ofSeconds(30)))
                .as("after the lease").isInstanceOf(IdempotencyStore.Claim.Acquired.class);
        assertThat(store.transaction("collector", key, "submit")).hasValueSatisfying(tx -> {
            assertThat(tx.transactionId()).isEqualTo("tx-1");
            assertThat(tx.bytes()).containsExactly(1, 2);
        });
        assertThat(store.value("collector", key, "id")).contains("\"first\"");

        store.complete("collector", key, 201, "{\"ok\":true}");
        assertThat(store.claim("collector", key, hash, Duration.ofSeconds(30)))
                .isEqualTo(new IdempotencyStore.Claim.Completed(201, "{\"ok\":true}"));
    }

    @Test
    void expires_completed_responses_after_the_retention() {
        final String key = UUID.randomUUID().toString();
        store.claim("collector", key, "e".repeat(64), Duration.ofSeconds(30));
        store.complete("collector", key, 201, "{\"receiptCode\":\"7K2Q\"}");

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
