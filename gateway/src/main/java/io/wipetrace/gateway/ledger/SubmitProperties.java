package io.wipetrace.gateway.ledger;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How writes are retried ({@code wipetrace.fabric.submit.*}).
 *
 * @param maxAttempts endorsements per write when commits are invalidated by read conflicts (MVCC, phantom)
 * @param conflictBackoff base pause before re-endorsing; each retry waits a random time up to base × 2^attempt
 * @param statusProbe how long to wait for the commit status of a transaction that may never have reached the
 *     orderers, before sending its signed bytes again
 * @param catchUp how long to wait for a peer that refused a write while behind a block another write through this
 *     gateway committed in, before the refusal goes back as it was; also how long after such a block committed a
 *     refusal from a peer that has it by then is still endorsed once more (it may have refused before it had it)
 * @param commitEvents whether a write learns its commit from its organisation's stream of filtered blocks
 *     ({@link CommitWatch}); false asks for each transaction's commit status, as the Fabric client does by default
 */
@ConfigurationProperties("wipetrace.fabric.submit")
public record SubmitProperties(
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("50ms") Duration conflictBackoff,
        @DefaultValue("3s") Duration statusProbe,
        @DefaultValue("10s") Duration catchUp,
        @DefaultValue("true") boolean commitEvents) {}
