package io.wipetrace.gateway.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session-level advisory lock held on a connection of its own for as long as wanted. When the process
 * dies its connection closes, PostgreSQL ends the session and the lock is free again: other processes can tell, and
 * take it.
 */
public final class SessionAdvisoryLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionAdvisoryLock.class);

    private final DataSource dataSource;
    private final Object[] key;
    private Connection connection;

    /**
     * @param dataSource where connections come from
     * @param key the lock's key: one {@code long}, or two {@code int}s (as {@code pg_try_advisory_lock} takes them)
     */
    public SessionAdvisoryLock(final DataSource dataSource, final Object... key) {
        if (!(key.length == 1 && key[0] instanceof Long) && !(key.length == 2 && key[0] instanceof Integer
                && key[1] instanceof Integer)) {
            throw new IllegalArgumentException("an advisory lock key is one long or two ints: " + Arrays.toString(key));
        }
        this.dataSource = dataSource;
        this.key = key.clone();
    }

    /**
     * Whether this process holds the lock now: still on a live connection, or taken again on a new one.
     *
     * @return false when another session holds it or the database cannot be reached
     */
    public synchronized boolean held() {
        try {
            if (connection != null && connection.isValid(2)) {
                return true;
            }
        } catch (SQLException e) {
            LOG.debug("the connection of advisory lock {} broke: {}", this, e.toString());
        }
        close();
        try {
            final Connection candidate = dataSource.getConnection();
            final String sql = key.length == 1 ? "select pg_try_advisory_lock(?)" : "select pg_try_advisory_lock(?, ?)";
            try (PreparedStatement lock = candidate.prepareStatement(sql)) {
                for (int i = 0; i < key.length; i++) {
                    lock.setObject(i + 1, key[i]);
                }
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        connection = candidate;
                        return true;
                    }
                }
            }
            candidate.close();
        } catch (SQLException e) {
            LOG.warn("cannot take advisory lock {}: {}", this, e.toString());
        }
        return false;
    }

    /** Lets the lock go (closes its connection). */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection of advisory lock {}: {}", this, e.toString());
            }
            connection = null;
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(key);
    }
}
