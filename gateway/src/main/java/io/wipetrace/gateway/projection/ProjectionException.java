package io.wipetrace.gateway.projection;

/**
 * A block cannot be projected: it is malformed, it breaks the event contract, or it is out of order. The block's SQL
 * transaction is rolled back and the listener retries it, so the projection stops at the last good block instead of
 * drifting from the ledger.
 */
final class ProjectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProjectionException(final String message) {
        super(message);
    }

    ProjectionException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
