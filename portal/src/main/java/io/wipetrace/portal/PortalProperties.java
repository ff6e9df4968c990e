package io.wipetrace.portal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the portal finds the gateway and, optionally, an EVM JSON-RPC endpoint for browsers to check anchors on.
 *
 * @param gatewayUrl the gateway's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param evmRpcUrl an EVM JSON-RPC URL the consumer's browser may call, or empty to skip the on-chain check
 * @param timeZone the zone times are shown in
 * @param timeout how long one call to the gateway may take
 * @param trustFile the alliance's trust file ({@code wipetrace-trust.json}) whose pinned values the browser checks
 *     bundles against, or empty: then the page says the chain check is not configured
 * @param trustedProxies proxies in front of the portal (addresses or CIDR ranges) whose {@code X-Forwarded-For} names
 *     the visitor; empty: the connection's address is the visitor's
 */
@ConfigurationProperties("wipetrace.portal")
public record PortalProperties(URI gatewayUrl, String evmRpcUrl, java.time.ZoneId timeZone, Duration timeout,
        String trustFile, java.util.List<String> trustedProxies) {

    /** Applies defaults. */
    public PortalProperties {
        if (gatewayUrl == null) {
            gatewayUrl = URI.create("http://127.0.0.1:8080");
        }
        evmRpcUrl = evmRpcUrl == null ? "" : evmRpcUrl.strip();
        if (timeZone == null) {
            timeZone = java.time.ZoneId.of("Asia/Shanghai");
        }
        if (timeout == null) {
            timeout = Duration.ofSeconds(90);
        }
        trustFile = trustFile == null ? "" : trustFile.strip();
        trustedProxies = trustedProxies == null ? java.util.List.of() : java.util.List.copyOf(trustedProxies);
    }
}
