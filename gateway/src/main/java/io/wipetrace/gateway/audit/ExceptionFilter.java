package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.audit.AuditException.Kind;
import java.time.Instant;

/**
 * Which exceptions to list; each {@code null} member keeps all.
 *
 * @param kind one rule's
 * @param organisation those of the organisation expected to act (an MSP ID)
 * @param site those at one site
 * @param from those whose clock started at or after this
 * @param to those whose clock started before this
 * @param subjectId those of one device, handover or lot
 */
record ExceptionFilter(Kind kind, String organisation, String site, Instant from, Instant to, String subjectId) {

    /** Every exception. */
    static final ExceptionFilter ALL = new ExceptionFilter(null, null, null, null, null, null);

    /** @return one rule's exceptions */
    static ExceptionFilter of(final Kind kind) {
        return new ExceptionFilter(kind, null, null, null, null, null);
    }
}
