/**
 * The Fabric client: one gRPC connection and one {@link org.hyperledger.fabric.client.Gateway} per configured
 * organisation identity, opened at start-up and closed on shutdown.
 *
 * <p>Other features use {@link io.wipetrace.gateway.ledger.FabricGateways} to evaluate (reads) and submit (writes)
 * transactions as a chosen organisation; {@link io.wipetrace.gateway.ledger.ChainInfoQuery} reads a peer's block
 * height, which also backs the {@code fabric} health indicator.
 *
 * <p>Configuration is {@link io.wipetrace.gateway.ledger.FabricProperties} ({@code wipetrace.fabric.*}); the network
 * scripts write it to {@code $WIPETRACE_STATE/gateway/network.yml}, which the application imports.
 */
package io.wipetrace.gateway.ledger;
