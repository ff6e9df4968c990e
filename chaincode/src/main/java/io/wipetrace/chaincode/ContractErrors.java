package io.wipetrace.chaincode;

import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * How a transaction fails with one of the ledger's stable codes ({@link LedgerError}, shared with every client).
 *
 * <p>The code's name is the {@link ChaincodeException} payload (UTF-8 bytes) and also prefixes the message, because
 * the Fabric Gateway passes the peer's message on to clients but not the payload.
 */
public final class ContractErrors {

    private ContractErrors() {}

    /**
     * Creates the exception that fails the transaction with a code.
     *
     * @param code why
     * @param detail what was wrong, for people; clients match on the code, never on this text
     * @return an exception whose payload is the code's name
     */
    public static ChaincodeException refuse(final LedgerError code, final String detail) {
        return new ChaincodeException(code.message(detail), code.name().getBytes(StandardCharsets.UTF_8));
    }
}
