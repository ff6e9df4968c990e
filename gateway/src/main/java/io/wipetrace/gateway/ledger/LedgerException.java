package io.wipetrace.gateway.ledger;

/**
 * A ledger call that did not succeed, with a stable code for the API's problem details.
 *
 * <p>{@link Kind} tells the web layer what happened: the chaincode refused (nothing written), the network could not
 * be reached or did not endorse/commit (nothing written), or the outcome is unknown (the transaction may still
 * commit; a retry with the same idempotency key finds out without writing twice).
 */
public class LedgerException extends RuntimeException {

    /** What kind of failure this is. */
    public enum Kind {
        /** The chaincode refused the transaction; {@link #code()} is its error code. */
        REJECTED,
        /** The transaction was endorsed but invalidated at commit; nothing was written. */
        INVALIDATED,
        /** Endorsement or ordering failed for a reason other than the chaincode; nothing was written. */
        UNAVAILABLE,
        /** A deadline passed; for a submit, the transaction may or may not commit. */
        TIMEOUT,
        /** Submitted, but whether it committed is not known yet. */
        OUTCOME_UNKNOWN
    }

    private final Kind kind;
    private final String code;

    /**
     * @param kind what kind of failure
     * @param code a stable code, e.g. {@code NOT_CUSTODIAN} or {@code ENDORSEMENT_FAILED}
     * @param message detail for the problem response and the log
     * @param cause the Fabric exception, if any
     */
    public LedgerException(final Kind kind, final String code, final String message, final Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    /** @return what kind of failure */
    public Kind kind() {
        return kind;
    }

    /** @return the stable code */
    public String code() {
        return code;
    }

    /** @return whether the ledger certainly holds nothing of this call */
    public boolean nothingWritten() {
        return kind != Kind.OUTCOME_UNKNOWN && kind != Kind.TIMEOUT;
    }
}
