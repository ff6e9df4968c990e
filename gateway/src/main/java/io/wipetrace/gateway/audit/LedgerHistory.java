package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.FabricGateways;
import java.io.IOException;
import java.util.Optional;
import org.hyperledger.fabric.client.GatewayException;

/**
 * Reads a device's history straight from the ledger: {@code device:GetHistory}, evaluated (never submitted) on the
 * auditing organisation's own peer.
 */
class LedgerHistory {

    private static final String DEVICE_NOT_FOUND = "DEVICE_NOT_FOUND";

    private final FabricGateways gateways;
    private final String organisation;
    private final ObjectMapper json;

    LedgerHistory(final FabricGateways gateways, final String organisation, final ObjectMapper json) {
        this.gateways = gateways;
        this.organisation = organisation;
        this.json = json;
    }

    /**
     * The device's history as the chaincode returns it.
     *
     * @param deviceId the device
     * @return {@code {"deviceId","events":[EventRecord…]}}, or empty if the ledger has no such device
     * @throws LedgerUnavailable if the peer cannot answer
     */
    Optional<JsonNode> history(final String deviceId) {
        if (!gateways.organisations().contains(organisation)) {
            throw new LedgerUnavailable("this gateway holds no Fabric identity for '" + organisation
                    + "' (wipetrace.audit.organisation), so it cannot read device histories from the ledger", null);
        }
        final byte[] result;
        try {
            result = gateways.contract(organisation, "device")
                    .newProposal("GetHistory")
                    .addArguments(deviceId)
                    .setEndorsingOrganizations(gateways.mspId(organisation))
                    .build()
                    .evaluate();
        } catch (GatewayException e) {
            if (mentions(e, DEVICE_NOT_FOUND)) {
                return Optional.empty();
            }
            throw new LedgerUnavailable("the ledger did not answer device:GetHistory: " + e.getMessage(), e);
        }
        try {
            return Optional.of(json.readTree(result));
        } catch (IOException e) {
            throw new LedgerUnavailable("device:GetHistory returned no JSON", e);
        }
    }

    /** The chaincode's error code travels in the endorsing peer's message, e.g. "DEVICE_NOT_FOUND: …". */
    private static boolean mentions(final GatewayException e, final String code) {
        if (String.valueOf(e.getMessage()).contains(code)) {
            return true;
        }
        return e.getDetails().stream().anyMatch(detail -> String.valueOf(detail.getMessage()).contains(code));
    }

    /** The ledger could not be read. */
    static final class LedgerUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LedgerUnavailable(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
