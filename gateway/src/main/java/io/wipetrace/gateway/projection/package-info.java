/**
 * The PostgreSQL projection of the channel: every valid transaction and every domain event, in block order, with a
 * checkpoint that can never drift from the rows.
 *
 * <p>The split follows the off-chain data pattern: a {@link io.wipetrace.gateway.projection.BlockListener} reads
 * blocks through one organisation's Fabric gateway from the checkpoint onwards and reconnects with backoff; a
 * {@link io.wipetrace.gateway.projection.BlockProcessor} projects each block in one SQL transaction; a
 * {@link io.wipetrace.gateway.projection.TransactionProcessor} turns each valid endorser transaction into rows; a
 * {@link io.wipetrace.gateway.projection.ProjectionStore} writes them. The checkpoint (the last block fully projected)
 * is updated in the same SQL transaction as the block's rows, so a crash at any point leaves either the whole block
 * or none of it, and the listener resumes at checkpoint + 1: nothing lost, nothing doubled.
 *
 * <p>{@link io.wipetrace.gateway.projection.ProjectionStore#checksum()} digests the tables in a canonical order, so a
 * projection rebuilt from block 0 can be shown identical to the live one.
 */
package io.wipetrace.gateway.projection;
