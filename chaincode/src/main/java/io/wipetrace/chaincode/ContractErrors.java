package io.wipetrace.chaincode;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The stable error codes a transaction can fail with.
 *
 * <p>The code's name is the {@link ChaincodeException} payload (UTF-8 bytes) and also prefixes the message, because
 * the Fabric Gateway passes the peer's message on to clients but not the payload.
 */
public enum ContractErrors {
    /** The key is missing or not 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    INVALID_KEY,
    /** The value is missing, empty or longer than the limit. */
    INVALID_VALUE,
    /** Nothing is stored under the requested key. */
    VALUE_NOT_FOUND;

    /**
     * Creates the exception that fails the transaction with this code.
     *
     * @param detail what was wrong, for people; clients match on the code, never on this text
     * @return an exception whose payload is this code's name
     */
    public ChaincodeException exception(final String detail) {
        return new ChaincodeException(name() + ": " + detail, name().getBytes(StandardCharsets.UTF_8));
    }
}
