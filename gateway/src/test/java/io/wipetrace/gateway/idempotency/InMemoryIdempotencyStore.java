package io.wipetrace.gateway.idempotency;

import io.wipetrace.gateway.ledger.TransactionJournal.PreparedTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link IdempotencyStore} in memory, with the same rules as the JDBC one; for unit tests. */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    static final class Row {
        String hash;
        boolean completed;
        Instant leaseUntil;
        int status;
        String body;
        final Map<String, PreparedTransaction> transactions = new HashMap<>();
        final Map<String, String> values = new HashMap<>();
    }

    final Map<String, Row> rows = new HashMap<>();
    /** How many times a step's transaction or value was looked up. */
    int lookups;
    /** How many statements stored a value on its own ({@link #recordValue}). */
    int valueStatements;
    /** How many transactions were recorded together with values. */
    int statementsWithValues;
    Instant now = Instant.parse("2026-03-02T08:00:00Z");
    /** Thrown by {@link #release} and {@link #forget} when set: the database cannot be reached. */
    RuntimeException unreachable;
    /** Whether the pending leases are another live process's (by default every lease here is this process's). */
    boolean leasesOfAnotherProcess;

    @Override
    public synchronized Claim claim(final String organisation, final String key, final String requestHash,
            final Duration lease) {
        final Row row = rows.get(organisation + "/" + key);
        if (row == null) {
            final Row fresh = new Row();
            fresh.hash = requestHash;
            fresh.leaseUntil = now.plus(lease);
            rows.put(organisation + "/" + key, fresh);
            return new Claim.Acquired(true);
        }
        if (!row.hash.equals(requestHash)) {
            return new Claim.Reused();
        }
        if (row.completed) {
            return new Claim.Completed(row.status, row.body);
        }
        if (row.leaseUntil.isAfter(now)) {
            return new Claim.InProgress();
        }
        row.leaseUntil = now.plus(lease);
        return new Claim.Acquired();
    }

    @Override
    public synchronized boolean takeOverOwnLease(final String organisation, final String key, final Duration lease) {
        final Row row = rows.get(organisation + "/" + key);
        if (row == null || row.completed || leasesOfAnotherProcess) {
            return false;
        }
        row.leaseUntil = now.plus(lease);
        return true;
    }

    @Override
    public synchronized void complete(final String organisation, final String key, final int status,
            final String body, final Map<String, String> values) {
        final Row row = rows.get(organisation + "/" + key);
        storeNew(row, values);
        row.completed = true;
        row.status = status;
        row.body = body;
    }

    @Override
    public synchronized void forget(final String organisation, final String key) {
        if (unreachable != null) {
            throw unreachable;
        }
        rows.remove(organisation + "/" + key);
    }

    @Override
    public synchronized void release(final String organisation, final String key) {
        if (unreachable != null) {
            throw unreachable;
        }
        rows.get(organisation + "/" + key).leaseUntil = now;
    }

    @Override
    public synchronized Optional<PreparedTransaction> transaction(final String organisation, final String key,
            final String step) {
        lookups++;
        return Optional.ofNullable(rows.get(organisation + "/" + key).transactions.get(step));
    }

    @Override
    public synchronized void recordTransaction(final String organisation, final String key, final String step,
            final PreparedTransaction transaction, final Map<String, String> values) {
        final Row row = rows.get(organisation + "/" + key);
        storeNew(row, values);
        row.transactions.put(step, transaction);
        statementsWithValues += values.isEmpty() ? 0 : 1;
    }

    /** Values new to the row, all or none: one already there fails, as the database's unique key does. */
    private static void storeNew(final Row row, final Map<String, String> values) {
        values.keySet().forEach(name -> {
            if (row.values.containsKey(name)) {
                throw new IllegalStateException("value " + name + " is stored already");
            }
        });
        row.values.putAll(values);
    }

    @Override
    public synchronized void clearTransaction(final String organisation, final String key, final String step) {
        rows.get(organisation + "/" + key).transactions.remove(step);
    }

    @Override
    public synchronized Optional<String> value(final String organisation, final String key, final String name) {
        lookups++;
        return Optional.ofNullable(rows.get(organisation + "/" + key).values.get(name));
    }

    @Override
    public synchronized String recordValue(final String organisation, final String key, final String name,
            final String json) {
        valueStatements++;
        final Map<String, String> values = rows.get(organisation + "/" + key).values;
        values.putIfAbsent(name, json);
        return values.get(name);
    }

    @Override
    public int expire(final Duration retention) {
        return 0;
    }
}
