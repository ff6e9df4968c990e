package io.wipetrace.gateway.ledger;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.GatewayException;

/**
 * Reads the chaincode's error code out of a Fabric error. The chaincode throws {@code ChaincodeException} with the
 * message {@code "CODE: detail"}; the peers' gateway passes it on in the error details of the gRPC status.
 */
public final class ContractRejection {

    private static final Pattern CODE = Pattern.compile("(?<![A-Za-z0-9_])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,}): ");

    private ContractRejection() {}

    /**
     * The chaincode error code, when the failure is the chaincode refusing the transaction.
     *
     * @param e an endorsement or evaluation failure
     * @return the code, e.g. {@code NOT_CUSTODIAN}, or empty when the failure is not the chaincode's
     */
    public static Optional<String> code(final GatewayException e) {
        for (final var detail : e.getDetails()) {
            final Optional<String> code = codeIn(detail.getMessage());
            if (code.isPresent()) {
                return code;
            }
        }
        return codeIn(e.getMessage());
    }

    /**
     * The error text as a whole: message and every peer's detail.
     *
     * @param e a Fabric failure
     * @return the text, for logs
     */
    public static String text(final GatewayException e) {
        return e.getMessage() + e.getDetails().stream()
                .map(detail -> detail.getMspId() + ": " + detail.getMessage())
                .collect(Collectors.joining("; ", " [", "]"));
    }

    static Optional<String> codeIn(final String message) {
        if (message == null) {
            return Optional.empty();
        }
        final Matcher matcher = CODE.matcher(message);
        while (matcher.find()) {
            final String candidate = matcher.group(1);
            if (ChaincodeErrors.isKnown(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
