package io.wipetrace.gateway.anchoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final DataSource dataSource;
    private Connection connection;

    AnchoringLeader(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return whether this replica holds the lock now, taking it if it is free */
    synchronized boolean leads() {
        try {
            if (connection != null && connection.isValid(2)) {
                return true;
            }
            close();
            final Connection candidate = dataSource.getConnection();
            try (PreparedStatement lock = candidate.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        connection = candidate;
                        LOG.info("this gateway anchors (holds advisory lock {})", LOCK_KEY);
                        return true;
                    }
                }
            }
            candidate.close();
            return false;
        } catch (SQLException e) {
            LOG.warn("cannot take the anchoring lock: {}", e.toString());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the anchoring lock's connection: {}", e.toString());
            }
            connection = null;
        }
    }
}
