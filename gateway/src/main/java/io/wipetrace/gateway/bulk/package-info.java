/**
 * Bulk imports: a partner posts a CSV or JSON-lines file of records (collections, for now); the gateway validates
 * every row, stores the job and its rows in PostgreSQL and answers 202 at once; a worker writes the valid rows to the
 * ledger in batches (one {@code RegisterCollections} transaction per batch) and the partner follows the job's
 * progress by polling or server-sent events, then fetches each row's device ID and receipt code. Every row's
 * identity is fixed at intake and every batch's transaction is recorded before it is submitted, so a gateway that
 * stops mid-job resumes it on start without registering any device twice.
 */
package io.wipetrace.gateway.bulk;
