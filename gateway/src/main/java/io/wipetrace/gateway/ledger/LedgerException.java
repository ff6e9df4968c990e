package io.wipetrace.gateway.ledger;

import io.wipetrace.proof.ledger.LedgerError;
import java.util.Optional;

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
    private final LedgerError refusal;

    /**
     * A failure of the network or the commit, not the chaincode's refusal.
     *
     * @param kind what kind of failure
     * @param code a stable code, e.g. {@code LEDGER_TIMEOUT} or {@code ENDORSEMENT_FAILED}
     * @param message detail for the problem response and the log
     * @param cause the Fabric exception, if any
     */
    public LedgerException(final Kind kind, final String code, final String message, final Throwable cause) {
        super(message, cause);
        if (kind == Kind.REJECTED) {
            throw new IllegalArgumentException("a refusal carries its LedgerError: use LedgerException.rejected");
        }
        this.kind = kind;
        this.code = code;
        this.refusal = null;
    }

    private LedgerException(final LedgerError refusal, final String message, final Throwable cause) {
        super(message, cause);
        this.kind = Kind.REJECTED;
        this.code = refusal.name();
        this.refusal = refusal;
    }

    /**
     * The chaincode refused the transaction; nothing was written.
     *
     * @param refusal the chaincode's code, as {@link LedgerError#fromMessage} reads it
     * @param message the chaincode's words ({@code CODE: detail})
     * @param cause the Fabric exception, if any
     * @return the failure, of kind {@link Kind#REJECTED}
     */
    public static LedgerException rejected(final LedgerError refusal, final String message, final Throwable cause) {
        return new LedgerException(refusal, message, cause);
    }

    /** @return the chaincode's refusal, present exactly when the kind is {@link Kind#REJECTED} */
    public Optional<LedgerError> refusal() {
        return Optional.ofNullable(refusal);
    }

    /**
     * @param error a refusal code
     * @return whether the chaincode refused with that code
     */
    public boolean refusedWith(final LedgerError error) {
        return refusal == error;
    }

    /**
     * @param categories refusal categories
     * @return whether the chaincode refused with a code of one of them
     */
    public boolean refusedAs(final LedgerError.Category... categories) {
        return refusal != null && java.util.Arrays.asList(categories).contains(refusal.category());
    }

    /** @return what kind of failure */
    public Kind kind() {
        return kind;
    }

    /** @return the stable code: the refusal's name, or the network failure's code */
    public String code() {
        return code;
    }

    /** @return whether the ledger certainly holds nothing of this call */
    public boolean nothingWritten() {
        return kind != Kind.OUTCOME_UNKNOWN && kind != Kind.TIMEOUT;
    }
}
