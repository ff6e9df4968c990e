package io.wipetrace.gateway.ledger;

import org.springframework.stereotype.Component;

/**
 * Writes to the chaincode's {@code device} contract on behalf of an API caller, the one way the write endpoints
 * submit: as the caller's organisation, recorded in the caller's journal (so a retry never writes twice), the result
 * read back as a record, with where the write landed.
 */
@Component
public class DeviceWrites {

    private static final String CONTRACT = "device";

    private final LedgerClient ledger;
    private final ChaincodeJson json;

    DeviceWrites(final LedgerClient ledger, final ChaincodeJson json) {
        this.ledger = ledger;
        this.json = json;
    }

    /**
     * A committed write's result and where it landed.
     *
     * @param result the chaincode's result, read as a record
     * @param ledger the transaction and its block
     * @param <T> the result's type
     */
    public record Written<T>(T result, LedgerReference ledger) {}

    /**
     * Submits a transaction whose one argument is a record as JSON.
     *
     * @param organisation the caller's organisation key
     * @param journal where the endorsed transaction is recorded before it is submitted
     * @param transaction transaction name, e.g. {@code RecordSmeltingLot}
     * @param argument the record, written as the chaincode reads it
     * @param result the type the chaincode's result is read as
     * @param <T> the result's type
     * @return the result and where it landed
     * @throws LedgerException when the chaincode refuses or the network fails
     */
    public <T> Written<T> submit(final String organisation, final TransactionJournal journal,
            final String transaction, final Object argument, final Class<T> result) {
        return submit(organisation, journal, result, transaction, json.write(argument));
    }

    /**
     * Submits a transaction with string arguments.
     *
     * @param organisation the caller's organisation key
     * @param journal where the endorsed transaction is recorded before it is submitted
     * @param result the type the chaincode's result is read as
     * @param transaction transaction name, e.g. {@code PurgePersonalData}
     * @param arguments string arguments
     * @param <T> the result's type
     * @return the result and where it landed
     * @throws LedgerException when the chaincode refuses or the network fails
     */
    public <T> Written<T> submit(final String organisation, final TransactionJournal journal, final Class<T> result,
            final String transaction, final String... arguments) {
        return read(ledger.submit(Submission.of(organisation, CONTRACT, transaction, arguments), journal), result);
    }

    /**
     * Submits a prepared submission (transient data, chosen endorsers) to any contract.
     *
     * @param submission what to submit, as whom
     * @param journal where the endorsed transaction is recorded before it is submitted
     * @param result the type the chaincode's result is read as
     * @param <T> the result's type
     * @return the result and where it landed
     * @throws LedgerException when the chaincode refuses or the network fails
     */
    public <T> Written<T> submit(final Submission submission, final TransactionJournal journal,
            final Class<T> result) {
        return read(ledger.submit(submission, journal), result);
    }

    private <T> Written<T> read(final LedgerClient.Committed committed, final Class<T> result) {
        return new Written<>(json.read(committed.result(), result), LedgerReference.of(committed));
    }
}
