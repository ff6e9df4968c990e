/**
 * The Fabric client: one gRPC connection and one {@link org.hyperledger.fabric.client.Gateway} per configured
 * organisation identity, opened at start-up and closed on shutdown.
 *
 * <p>Other features make every Fabric call through {@link io.wipetrace.gateway.ledger.LedgerClient}: evaluate
 * (reads), submit (writes, with read-conflict retries and a journal against double writes), and the query system
 * chaincode's chain info and blocks (which also back the {@code fabric} health indicator). Every failure is a
 * {@link io.wipetrace.gateway.ledger.LedgerException}; a refusal carries the chaincode's
 * {@link io.wipetrace.proof.ledger.LedgerError}, and callers decide by its code or category, never by its text.
 * {@link io.wipetrace.gateway.ledger.FabricGateways} stays for the block event stream and for the identities held.
 *
 * <p>Configuration is {@link io.wipetrace.gateway.ledger.FabricProperties} ({@code wipetrace.fabric.*}); the network
 * scripts write it to {@code $WIPETRACE_STATE/gateway/network.yml}, which the application imports.
 */
package io.wipetrace.gateway.ledger;
