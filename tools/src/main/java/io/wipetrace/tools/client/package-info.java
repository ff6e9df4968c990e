/**
 * How the tools reach a running WipeTrace system from outside, through its public doors: the gateway's REST API with
 * the demo API keys ({@link io.wipetrace.tools.client.ApiClient}), the Fabric Gateway SDK with the identities the
 * network wrote for the gateway ({@link io.wipetrace.tools.client.FabricNetwork}), and the demo wiping stations' keys
 * to sign erasure records as a station does ({@link io.wipetrace.tools.client.StationKeys},
 * {@link io.wipetrace.tools.client.ErasureSigning}; the gateway's integration tests sign with them too).
 */
package io.wipetrace.tools.client;
