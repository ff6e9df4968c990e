package io.wipetrace.gateway.idempotency;

import io.wipetrace.gateway.ledger.TransactionJournal;
import java.util.function.Supplier;

/**
 * What a write handler gets from {@link IdempotentWrites}: durable memory that survives a crash and a retry of the
 * same request.
 */
public interface WriteContext {

    /**
     * The journal of one ledger transaction of this request; pass it to
     * {@link io.wipetrace.gateway.ledger.LedgerClient#submit}.
     *
     * @param step a name unique within the request, e.g. {@code register}
     * @return the journal
     */
    TransactionJournal journal(String step);

    /**
     * A value generated once per request (an ID, a receipt code): the first attempt generates and stores it, a retry
     * gets the same value back.
     *
     * @param name a name unique within the request
     * @param type the value's type (JSON-serialisable)
     * @param generator makes the value the first time
     * @param <V> the value's type
     * @return the value
     */
    <V> V remember(String name, Class<V> type, Supplier<V> generator);

    /**
     * {@link #remember}, but a new value is stored together with the next thing the request stores, its next
     * transaction ({@link TransactionJournal#recordPrepared}, before that is submitted) or else its response, rather
     * than by a statement of its own. For a value that goes nowhere else before then (into the ledger, or the answer):
     * an attempt that ends before storing it leaves no trace of it, and a retry generates another. A value that
     * another table or system sees first must be remembered with {@link #remember}.
     *
     * @param name a name unique within the request
     * @param type the value's type (JSON-serialisable)
     * @param generator makes the value the first time
     * @param <V> the value's type
     * @return the value
     */
    <V> V rememberBeforeSubmit(String name, Class<V> type, Supplier<V> generator);
}
