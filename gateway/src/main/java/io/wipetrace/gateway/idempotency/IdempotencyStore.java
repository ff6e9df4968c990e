package io.wipetrace.gateway.idempotency;

import io.wipetrace.gateway.ledger.TransactionJournal.PreparedTransaction;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Durable state of idempotent requests, keyed by organisation and the hash of the Idempotency-Key ({@code key} below);
 * response bodies and values arrive sealed and are stored as given.
 */
public interface IdempotencyStore {

    /** What {@link #claim} found. */
    sealed interface Claim {
        /**
         * The caller holds the key now and must run the request.
         *
         * @param fresh the key was new: no earlier attempt exists, so nothing of the request is stored yet (and no
         *     other attempt can store anything while the lease holds); false when a stale attempt was taken over
         */
        record Acquired(boolean fresh) implements Claim {
            /** A key taken over from an earlier attempt, whose steps may be stored. */
            public Acquired() {
                this(false);
            }
        }

        /** The request already completed: replay this response. */
        record Completed(int status, String body) implements Claim {}

        /** Another attempt holds the key. */
        record InProgress() implements Claim {}

        /** The key was used with a different request. */
        record Reused() implements Claim {}
    }

    /**
     * Takes the key for a request, or says why not.
     *
     * @param organisation the caller's organisation key
     * @param key the hash of the Idempotency-Key
     * @param requestHash HMAC of the operation and the canonical request
     * @param lease how long the claim holds
     * @return what was found
     */
    Claim claim(String organisation, String key, String requestHash, Duration lease);

    /**
     * Renews the lease of a request that is still pending under a lease this very process holds, for an attempt of this
     * process to take it over: {@link IdempotentWrites} runs one attempt per key at a time in a process, so the attempt
     * that took that lease has ended, without settling it (the database was unreachable then).
     *
     * @return true if such a lease was renewed; false when the request is completed, gone, or leased by another process
     */
    boolean takeOverOwnLease(String organisation, String key, Duration lease);

    /**
     * Stores the response and values not stored yet, in one statement, and releases the key for replays.
     *
     * @param values sealed values by name, new to the store: one already stored under a name fails the statement
     */
    void complete(String organisation, String key, int status, String body, Map<String, String> values);

    /** Forgets the request entirely (nothing of it reached the ledger): the key may be used again. */
    void forget(String organisation, String key);

    /** Ends the lease at once, keeping what was recorded, so that a retry takes over straight away. */
    void release(String organisation, String key);

    /** The transaction recorded for a step, if any. */
    Optional<PreparedTransaction> transaction(String organisation, String key, String step);

    /**
     * Records a step's transaction and values not stored yet, durably and in one statement, before it is submitted.
     *
     * @param values sealed values by name, new to the store: one already stored under a name fails the statement,
     *     and nothing is recorded
     */
    void recordTransaction(String organisation, String key, String step, PreparedTransaction transaction,
            Map<String, String> values);

    /** Forgets a step's transaction (it was invalidated, wrote nothing). */
    void clearTransaction(String organisation, String key, String step);

    /** A value remembered for a step, as JSON. */
    Optional<String> value(String organisation, String key, String name);

    /**
     * Remembers a value, as JSON, unless one is remembered already under this name.
     *
     * @return the value remembered now: this one, or the one an earlier or concurrent attempt stored first
     */
    String recordValue(String organisation, String key, String name, String json);

    /**
     * Deletes completed requests older than the retention.
     *
     * @return how many were deleted
     */
    int expire(Duration retention);
}
