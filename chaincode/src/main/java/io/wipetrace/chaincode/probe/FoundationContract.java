package io.wipetrace.chaincode.probe;

import io.wipetrace.chaincode.CompositeKeys;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * A deliberately small contract that proves the whole path: client, gateway, endorsement, ordering, commit and
 * chaincode events. It lets any channel member write any key, so it is a test probe only: the production chaincode jar
 * leaves this package out, and only the test network deploys the probe build ({@code wipetrace-chaincode-probe.jar}).
 */
@Contract(
        name = "foundation",
        info = @Info(
                title = "WipeTrace foundation",
                description = "Stores and reads short values; proves the network end to end",
                version = "0.1.0",
                license = @License(name = "Apache-2.0"),
                contact = @Contact(name = "WipeTrace")))
public final class FoundationContract implements ContractInterface {

    /** Name of the event emitted by {@link #PutValue}. */
    public static final String VALUE_PUT_EVENT = "ValuePut";

    /** Object type of the composite keys values are stored under. */
    static final String VALUE_OBJECT_TYPE = "foundation.value";

    static final int MAX_VALUE_LENGTH = 4096;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Stores {@code value} under {@code key}, replacing any earlier value, and emits a {@value #VALUE_PUT_EVENT}
     * event whose payload is the canonical JSON {@code {"key":…,"txId":…,"value":…}}.
     *
     * @param ctx the transaction context
     * @param key 1 to 64 characters of {@code [A-Za-z0-9._-]}; otherwise fails with {@link LedgerError#INVALID_KEY}
     * @param value 1 to 4096 characters; otherwise fails with {@link LedgerError#INVALID_VALUE} (an empty write
     *     would delete the key in Fabric, so it is refused)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public void PutValue(final Context ctx, final String key, final String value) {
        requireValidKey(key);
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw ContractErrors.refuse(LedgerError.INVALID_VALUE, 
                    "the value must be 1 to " + MAX_VALUE_LENGTH + " characters long");
        }

        final ChaincodeStub stub = ctx.getStub();
        stub.putState(valueKey(key), value.getBytes(StandardCharsets.UTF_8));
        stub.setEvent(VALUE_PUT_EVENT, LedgerJson.toBytes(new ValuePut(key, value, stub.getTxId())));
    }

    /**
     * Returns the value stored under {@code key}.
     *
     * @param ctx the transaction context
     * @param key 1 to 64 characters of {@code [A-Za-z0-9._-]}; otherwise fails with {@link LedgerError#INVALID_KEY}
     * @return the stored value; fails with {@link LedgerError#VALUE_NOT_FOUND} when nothing is stored
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetValue(final Context ctx, final String key) {
        requireValidKey(key);

        final ChaincodeStub stub = ctx.getStub();
        final byte[] stored = stub.getState(valueKey(key));
        if (stored == null || stored.length == 0) {
            throw ContractErrors.refuse(LedgerError.VALUE_NOT_FOUND, "no value is stored under key " + key);
        }
        return new String(stored, StandardCharsets.UTF_8);
    }

    private static void requireValidKey(final String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ContractErrors.refuse(LedgerError.INVALID_KEY, "the key must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
    }

    private static String valueKey(final String key) {
        return CompositeKeys.of(VALUE_OBJECT_TYPE, key);
    }
}
