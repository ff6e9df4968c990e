package io.wipetrace.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.proof.ledger.LedgerError;
import org.hyperledger.fabric.shim.ChaincodeException;

/** Assertions on the error convention: payload is the code's name, message starts with "CODE: ". */
public final class Rejections {

    private Rejections() {}

    /**
     * Asserts the code of a rejection.
     *
     * @param rejection the exception
     * @param code the expected code
     */
    public static void assertCode(final ChaincodeException rejection, final LedgerError code) {
        assertThat(new String(rejection.getPayload(), UTF_8))
                .as("payload of: %s", rejection.getMessage())
                .isEqualTo(code.name());
        assertThat(rejection.getMessage()).startsWith(code.name() + ": ");
    }
}
