package io.wipetrace.gateway.anchoring;

import io.wipetrace.gateway.database.SessionAdvisoryLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one gateway replica the anchorer: it holds a PostgreSQL session-level advisory lock on a connection of its
 * own. When the replica dies its connection closes, the lock is released and another replica takes over.
 */
final class AnchoringLeader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnchoringLeader.class);
    /** An arbitrary constant naming the anchoring lock ("WTANCHOR" in ASCII). */
    static final long LOCK_KEY = 0x5754414e43484f52L;

    private final SessionAdvisoryLock lock;
    private boolean leading;

    AnchoringLeader(final DataSource dataSource) {
        this.lock = new SessionAdvisoryLock(dataSource, LOCK_KEY);
    }

    /** @return whether this replica holds the lock now, taking it if it is free */
    synchronized boolean leads() {
        final boolean leads = lock.held();
        if (leads && !leading) {
            LOG.info("this gateway anchors (holds advisory lock {})", LOCK_KEY);
        }
        leading = leads;
        return leads;
    }

    @Override
    public synchronized void close() {
        lock.close();
        leading = false;
    }
}
