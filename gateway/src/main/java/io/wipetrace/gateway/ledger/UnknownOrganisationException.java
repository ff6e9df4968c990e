package io.wipetrace.gateway.ledger;

import java.util.Set;

/** Thrown when a caller names an organisation the gateway holds no identity for. */
public final class UnknownOrganisationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UnknownOrganisationException(final String orgKey, final Set<String> known) {
        super("No Fabric identity is configured for organisation '" + orgKey + "'; configured: " + known);
    }
}
