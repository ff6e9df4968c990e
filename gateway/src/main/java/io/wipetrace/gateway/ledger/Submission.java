package io.wipetrace.gateway.ledger;

import java.util.List;
import java.util.Map;

/**
 * One write to submit as an organisation.
 *
 * @param organisation organisation key whose identity signs, e.g. {@code collector}
 * @param contract contract name, e.g. {@code device}
 * @param transaction transaction name, e.g. {@code OfferHandover}
 * @param arguments string arguments
 * @param transientData transient data (never written to the channel ledger); empty for none
 * @param endorsingMspIds the organisations to endorse; empty lets the Fabric gateway plan from the policy
 */
public record Submission(String organisation, String contract, String transaction, List<String> arguments,
        Map<String, byte[]> transientData, List<String> endorsingMspIds) {

    /** Copies the collections. */
    public Submission {
        arguments = List.copyOf(arguments);
        transientData = Map.copyOf(transientData);
        endorsingMspIds = List.copyOf(endorsingMspIds);
    }

    /**
     * A plain write, endorsed as the channel's policy asks.
     *
     * @param organisation signing organisation key
     * @param contract contract name
     * @param transaction transaction name
     * @param arguments string arguments
     * @return the submission
     */
    public static Submission of(final String organisation, final String contract, final String transaction,
            final String... arguments) {
        return new Submission(organisation, contract, transaction, List.of(arguments), Map.of(), List.of());
    }

    /** @return {@code contract:Transaction} */
    public String qualifiedName() {
        return contract + ":" + transaction;
    }
}
