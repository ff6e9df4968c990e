/**
 * Idempotent writes: every write endpoint takes an {@code Idempotency-Key}; the request's hash, the endorsed
 * transactions (ID and signed bytes, recorded before submission), generated values and finally the response are kept
 * in PostgreSQL, so that a retry replays the response or settles the same transaction, and never writes twice.
 */
package io.wipetrace.gateway.idempotency;
