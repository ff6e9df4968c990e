package io.wipetrace.gateway.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code fabric} health: UP when every organisation's peer answers {@code qscc GetChainInfo} through that
 * organisation's gateway, with the block height each one reports; DOWN naming the organisations that do not.
 */
@Component
class FabricHealthIndicator implements HealthIndicator {

    private final FabricGateways gateways;
    private final LedgerClient ledger;
    private final String channel;

    FabricHealthIndicator(
            final FabricGateways gateways, final LedgerClient ledger, final FabricProperties properties) {
        this.gateways = gateways;
        this.ledger = ledger;
        this.channel = properties.channel();
    }

    @Override
    public Health health() {
        final Map<String, Map<String, Object>> organisations = new LinkedHashMap<>();
        for (final String orgKey : gateways.organisations()) {
            organisations.put(orgKey, check(orgKey));
        }
        final boolean allUp = organisations.values().stream()
                .allMatch(organisation -> Status.UP.getCode().equals(organisation.get("status")));
        return Health.status(allUp ? Status.UP : Status.DOWN)
                .withDetail("channel", channel)
                .withDetail("organisations", organisations)
                .build();
    }

    private Map<String, Object> check(final String orgKey) {
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("mspId", gateways.mspId(orgKey));
        try {
            final ChainInfo info = ledger.chainInfo(orgKey);
            details.put("status", Status.UP.getCode());
            details.put("height", info.height());
        } catch (LedgerException e) {
            details.put("status", Status.DOWN.getCode());
            details.put("error", e.getCause() instanceof GatewayException fabric ? describe(fabric) : e.getMessage());
        } catch (GatewayRuntimeException e) {
            details.put("status", Status.DOWN.getCode());
            details.put("error", e.getMessage());
        }
        return details;
    }

    private static String describe(final GatewayException e) {
        final io.grpc.Status status = e.getStatus();
        final StringBuilder reason = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            reason.append(": ").append(status.getDescription());
        }
        if (!e.getDetails().isEmpty()) {
            reason.append(e.getDetails().stream()
                    .map(detail -> detail.getMspId() + "@" + detail.getAddress() + ": " + detail.getMessage())
                    .collect(Collectors.joining("; ", " (", ")")));
        }
        return reason.toString();
    }
}
