package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.LedgerError;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * Reads a device's history straight from the ledger: {@code device:GetHistory}, evaluated (never submitted) on the
 * auditing organisation's own peer through the ledger client.
 */
class LedgerHistory {

    private final LedgerClient ledger;
    private final Set<String> identities;
    private final String organisation;
    private final ObjectMapper json;

    /**
     * @param ledger the ledger client
     * @param identities the organisation keys this gateway holds a Fabric identity for
     * @param organisation the auditing organisation's key
     * @param json reads the chaincode's answer
     */
    LedgerHistory(final LedgerClient ledger, final Set<String> identities, final String organisation,
            final ObjectMapper json) {
        this.ledger = ledger;
        this.identities = Set.copyOf(identities);
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
        if (!identities.contains(organisation)) {
            throw new LedgerUnavailable("this gateway holds no Fabric identity for '" + organisation
                    + "' (wipetrace.audit.organisation), so it cannot read device histories from the ledger", null);
        }
        final byte[] result;
        try {
            result = ledger.evaluate(organisation, "device", "GetHistory", deviceId);
        } catch (LedgerException e) {
            if (e.refusedWith(LedgerError.DEVICE_NOT_FOUND)) {
                return Optional.empty();
            }
            throw new LedgerUnavailable("the ledger did not answer device:GetHistory: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        try {
            return Optional.of(json.readTree(result));
        } catch (IOException e) {
            throw new LedgerUnavailable("device:GetHistory returned no JSON", e);
        }
    }

    /** The ledger could not be read: 503 LEDGER_UNAVAILABLE. */
    static final class LedgerUnavailable extends ApiException {
        private static final long serialVersionUID = 1L;

        LedgerUnavailable(final String message, final Throwable cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE", message, cause);
        }
    }
}
