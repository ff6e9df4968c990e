/**
 * Consumer verification: {@code GET /api/v1/verify/{receiptCode}} answers, from the projection, what happened to the
 * phone collected with that receipt (timeline, erasure, destruction, ledger references) without any personal data.
 * Anonymous and rate-limited per client address (token buckets in memory, {@code wipetrace.verify.rate-limit.*}).
 * Receipt codes are normalised and hashed by {@link io.wipetrace.gateway.shared.ReceiptCode}, the one place that
 * defines the ledger's {@code receiptHash}.
 */
package io.wipetrace.gateway.verify;
