package io.wipetrace.gateway.ledger;

import java.nio.file.Path;

/** Thrown at start-up when an organisation's certificate, private key or TLS root cannot be loaded. */
public final class FabricIdentityException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    FabricIdentityException(final String orgKey, final Path path, final String problem, final Throwable cause) {
        super("Cannot load the Fabric identity of organisation '" + orgKey + "' from " + path + ": " + problem, cause);
    }

    FabricIdentityException(final String orgKey, final Path path, final String problem) {
        this(orgKey, path, problem, null);
    }
}
