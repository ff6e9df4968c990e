package io.wipetrace.gateway.audit;

import java.time.Instant;

/**
 * A regulator's acknowledgement of an exception, with a note: who and when, as the write trail records them.
 *
 * @param kind the exception's rule
 * @param subjectId the exception's device, handover or lot
 * @param note what the regulator wrote
 * @param organisation the organisation the acknowledging person or key acts for
 * @param actorKind PERSON (a bearer token's pseudonymous subject) or API_KEY (the key's ID)
 * @param actor the person's pseudonymous ID or the key's ID, never a name
 * @param at when
 */
public record Acknowledgement(
        AuditException.Kind kind,
        String subjectId,
        String note,
        String organisation,
        String actorKind,
        String actor,
        Instant at) {}
