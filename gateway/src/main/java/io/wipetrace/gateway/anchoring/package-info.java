/**
 * Anchoring: the channel's events, window by window, committed to a public EVM chain so that a consumer's proof holds
 * without trusting the alliance.
 *
 * <p>A window covers the Fabric blocks after the last anchored one up to the projection's checkpoint. It closes when
 * it holds {@code window-events} events or its oldest event is {@code window-age} old, and it is planned only once
 * the window before it is recorded on Fabric: one window is on its way at a time, and the next takes every event that
 * came meanwhile, up to {@code window-max-events} in whole blocks. Its leaves are the events'
 * canonical JSON (device events and registry changes alike), each salted ({@link io.wipetrace.proof.EventLeaf}). The
 * window also commits to the head map ({@link io.wipetrace.proof.HeadMap}): every device's, station's, site's and
 * organisation's newest anchored event, over all history; {@code anchor_head} keeps the heads each window moved, in
 * the same SQL transaction as the window and its leaves. The anchorer keeps the head tree of the latest window it
 * stored in memory, its buckets' hashes and above ({@link io.wipetrace.proof.BucketedHeadTree}), so a window reads and
 * hashes only the buckets it moves heads in, each bucket's heads read from {@code anchor_head} by the first 32 bits
 * of their key's hash ({@code key_prefix}); it builds the tree from {@code anchor_head} again after a restart, a
 * failed store, or a window another replica planned.
 * The anchor root {@code SHA-256(0x02 || eventsRoot ||
 * headsRoot)}, block range, event count and last block's header hash go to the {@code WipeTraceAnchor} contract in
 * one transaction; after {@code confirmations} blocks the anchor is recorded back on Fabric
 * ({@code anchor:RecordAnchor}).
 *
 * <p>Every step is persisted before the next ({@code anchor_window}: PLANNED, SIGNED, SENT, CONFIRMED, RECORDED), the
 * signed EVM transaction is stored before it is broadcast, and the contract refuses an anchor that is not on top of
 * the latest one. So an EVM node that is down for a while loses no window (they wait in the table), a crash at any
 * point resumes where it stopped, and no window is anchored twice. A receipt whose block is no longer canonical (a
 * reorganisation shallower than the confirmations) sends the same signed transaction again.
 *
 * <p>One gateway replica anchors at a time: the leader holds a PostgreSQL advisory lock on a connection of its own.
 */
package io.wipetrace.gateway.anchoring;
