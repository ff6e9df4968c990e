package io.wipetrace.gateway.idempotency;

import io.wipetrace.gateway.database.SessionAdvisoryLock;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells other gateway processes that this one is alive, so that they need not wait out its leases when it dies.
 *
 * <p>The process holds a PostgreSQL session-level advisory lock {@code (LOCK_CLASS, id)} on a connection of its own
 * for as long as it runs, and writes {@code id} as the owner of every idempotency key it claims. When the process dies
 * (even by {@code kill -9}) the kernel closes its connection, PostgreSQL ends the session and the lock is gone: a
 * retry on another process (or on the restarted one) sees in {@code pg_locks} that the owner is dead and takes the key
 * over at once, instead of answering {@code IDEMPOTENCY_REQUEST_IN_PROGRESS} until the lease runs out. While the lock
 * is held, or when liveness cannot be told (no owner recorded), the lease decides as before.
 *
 * <p>The ID is drawn at random and taken with {@code pg_try_advisory_lock}, so no two live processes share one. Should
 * the connection break (PostgreSQL restarted), {@link #keepAlive()} takes the same lock again within seconds.
 */
@Component
class ProcessLiveness implements AutoCloseable {

    /** The advisory locks' class ("WTGP", WipeTrace gateway process); a process's lock is (class, its ID). */
    static final int LOCK_CLASS = 0x57544750;

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLiveness.class);

    private final int id;
    private final SessionAdvisoryLock lock;

    ProcessLiveness(final DataSource dataSource) {
        int drawn;
        SessionAdvisoryLock candidate;
        int attempt = 0;
        do {
            drawn = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
            candidate = new SessionAdvisoryLock(dataSource, LOCK_CLASS, drawn);
        } while (!candidate.held() && ++attempt < 8);
        this.id = drawn;
        this.lock = candidate;
        LOG.info("gateway process {} (liveness lock ({}, {})){}", id, LOCK_CLASS, id,
                attempt < 8 ? "" : " could not take its lock yet: other processes wait for its leases meanwhile");
    }

    /** @return this process's owner ID, written into the keys it claims */
    int id() {
        return id;
    }

    /** Takes the lock again on a new connection if its connection broke. */
    @Scheduled(fixedDelayString = "${wipetrace.idempotency.liveness-check:2s}")
    void keepAlive() {
        if (!lock.held()) {
            LOG.warn("liveness lock ({}, {}) not held; other processes wait for this one's leases meanwhile",
                    LOCK_CLASS, id);
        }
    }

    @Override
    public void close() {
        lock.close();
    }
}
