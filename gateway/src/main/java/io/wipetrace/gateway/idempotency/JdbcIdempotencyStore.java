package io.wipetrace.gateway.idempotency;

import io.wipetrace.gateway.ledger.TransactionJournal.PreparedTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link IdempotencyStore} in PostgreSQL (tables {@code idempotency_request}, {@code idempotency_step}). The {@code key}
 * it is given is already the hash of the Idempotency-Key, and the bodies and values already sealed ({@link
 * IdempotentWrites}).
 *
 * <p>A new key costs one statement (the claim's insert, its own transaction); only a key already present is read and
 * taken over in a transaction. A value is stored and read back in one statement, or stored by the statement that
 * records the request's next transaction or its response.
 */
@Repository
class JdbcIdempotencyStore implements IdempotencyStore {

    private final JdbcTemplate jdbc;
    private final ProcessLiveness liveness;
    private final TransactionTemplate transactions;

    JdbcIdempotencyStore(final JdbcTemplate jdbc, final ProcessLiveness liveness,
            final PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.liveness = liveness;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public Claim claim(final String organisation, final String key, final String requestHash, final Duration lease) {
        final int inserted = jdbc.update("""
                insert into idempotency_request (organisation, key_hash, request_hash, status, lease_until, owner)
                values (?, ?, ?, 'PENDING', now() + ? * interval '1 millisecond', ?)
                on conflict do nothing""", organisation, key, requestHash, lease.toMillis(), liveness.id());
        if (inserted == 1) {
            return new Claim.Acquired(true);
        }
        final Claim found = transactions.execute(status -> existing(organisation, key, requestHash, lease));
        // Forgotten between the insert and the select: try once more.
        return found != null ? found : claim(organisation, key, requestHash, lease);
    }

    /** The key's row, locked: what it says, and the lease renewed if it is taken over; null when there is none. */
    private Claim existing(final String organisation, final String key, final String requestHash,
            final Duration lease) {
        // A lease ends when it runs out, or at once when the process that holds it has died: its liveness lock
        // (ProcessLiveness) is no longer in pg_locks. An owner that is this very process is alive.
        final List<Claim> found = jdbc.query("""
                select request_hash, status, response_status, response_body,
                       lease_until < now()
                       or (owner is not null and owner <> ? and not exists (
                           select 1 from pg_locks l
                           where l.locktype = 'advisory' and l.granted and l.objsubid = 2
                             and l.database = (select oid from pg_database where datname = current_database())
                             and l.classid = ?::oid and l.objid = owner::oid)) as expired
                from idempotency_request where organisation = ? and key_hash = ? for update""",
                (rs, row) -> {
                    if (!rs.getString("request_hash").equals(requestHash)) {
                        return new Claim.Reused();
                    }
                    if ("COMPLETED".equals(rs.getString("status"))) {
                        return new Claim.Completed(rs.getInt("response_status"), rs.getString("response_body"));
                    }
                    return rs.getBoolean("expired") ? new Claim.Acquired() : new Claim.InProgress();
                }, liveness.id(), ProcessLiveness.LOCK_CLASS, organisation, key);
        if (found.isEmpty()) {
            return null;
        }
        final Claim claim = found.getFirst();
        if (claim instanceof Claim.Acquired) {
            jdbc.update("""
                    update idempotency_request set lease_until = now() + ? * interval '1 millisecond', owner = ?
                    where organisation = ? and key_hash = ?""", lease.toMillis(), liveness.id(), organisation, key);
        }
        return claim;
    }

    @Override
    public boolean takeOverOwnLease(final String organisation, final String key, final Duration lease) {
        return jdbc.update("""
                update idempotency_request set lease_until = now() + ? * interval '1 millisecond'
                where organisation = ? and key_hash = ? and status = 'PENDING' and owner = ?""",
                lease.toMillis(), organisation, key, liveness.id()) == 1;
    }

    @Override
    public void complete(final String organisation, final String key, final int status, final String body,
            final Map<String, String> values) {
        final List<Object> arguments = new ArrayList<>();
        final String insertValues = newValues(organisation, key, values, arguments);
        arguments.addAll(List.of(status, body, organisation, key));
        jdbc.update(insertValues + """
                update idempotency_request set status = 'COMPLETED', response_status = ?, response_body = ?,
                lease_until = null, completed_at = now() where organisation = ? and key_hash = ?""",
                arguments.toArray());
    }

    /**
     * A {@code with} clause inserting values new to the store, its arguments added to {@code arguments}; empty for
     * none. Without {@code on conflict}: a value already stored under a name fails the whole statement.
     */
    private static String newValues(final String organisation, final String key, final Map<String, String> values,
            final List<Object> arguments) {
        if (values.isEmpty()) {
            return "";
        }
        final StringJoiner rows = new StringJoiner(", ",
                "with new_values as (insert into idempotency_step (organisation, key_hash, step, value_json) values ",
                ")\n");
        values.forEach((name, json) -> {
            rows.add("(?, ?, ?, ?)");
            arguments.addAll(List.of(organisation, key, "value:" + name, json));
        });
        return rows.toString();
    }

    @Override
    public void forget(final String organisation, final String key) {
        jdbc.update("delete from idempotency_request where organisation = ? and key_hash = ?",
                organisation, key);
    }

    @Override
    public void release(final String organisation, final String key) {
        jdbc.update("""
                update idempotency_request set lease_until = now()
                where organisation = ? and key_hash = ? and status = 'PENDING'""", organisation, key);
    }

    @Override
    public Optional<PreparedTransaction> transaction(final String organisation, final String key, final String step) {
        return jdbc.query("""
                select tx_id, tx_bytes, tx_result from idempotency_step
                where organisation = ? and key_hash = ? and step = ? and tx_id is not null""",
                (rs, row) -> new PreparedTransaction(rs.getString(1), rs.getBytes(2), rs.getBytes(3)),
                organisation, key, "tx:" + step).stream().findFirst();
    }

    @Override
    public void recordTransaction(final String organisation, final String key, final String step,
            final PreparedTransaction transaction, final Map<String, String> values) {
        final List<Object> arguments = new ArrayList<>();
        final String insertValues = newValues(organisation, key, values, arguments);
        arguments.addAll(Arrays.asList(organisation, key, "tx:" + step, transaction.transactionId(),
                transaction.bytes(), transaction.result()));
        jdbc.update(insertValues + """
                insert into idempotency_step (organisation, key_hash, step, tx_id, tx_bytes, tx_result)
                values (?, ?, ?, ?, ?, ?)
                on conflict (organisation, key_hash, step)
                do update set tx_id = excluded.tx_id, tx_bytes = excluded.tx_bytes, tx_result = excluded.tx_result""",
                arguments.toArray());
    }

    @Override
    public void clearTransaction(final String organisation, final String key, final String step) {
        jdbc.update("delete from idempotency_step where organisation = ? and key_hash = ? and step = ?",
                organisation, key, "tx:" + step);
    }

    @Override
    public Optional<String> value(final String organisation, final String key, final String name) {
        return jdbc.queryForList("""
                select value_json from idempotency_step
                where organisation = ? and key_hash = ? and step = ?""",
                String.class, organisation, key, "value:" + name).stream().findFirst();
    }

    @Override
    public String recordValue(final String organisation, final String key, final String name, final String json) {
        // The insert's row, or the row already there; a row committed by a concurrent attempt after this statement's
        // snapshot is neither, and is read by a statement of its own.
        return jdbc.queryForList("""
                with inserted as (
                    insert into idempotency_step (organisation, key_hash, step, value_json) values (?, ?, ?, ?)
                    on conflict (organisation, key_hash, step) do nothing
                    returning value_json)
                select value_json from inserted
                union all
                select value_json from idempotency_step
                where organisation = ? and key_hash = ? and step = ? and not exists (select 1 from inserted)""",
                String.class, organisation, key, "value:" + name, json, organisation, key, "value:" + name)
                .stream().findFirst()
                .or(() -> value(organisation, key, name))
                .orElseThrow(() -> new IllegalStateException("value " + name + " was neither stored nor found"));
    }

    @Override
    public int expire(final Duration retention) {
        return jdbc.update("""
                delete from idempotency_request
                where status = 'COMPLETED' and completed_at < now() - ? * interval '1 millisecond'""",
                retention.toMillis());
    }
}
