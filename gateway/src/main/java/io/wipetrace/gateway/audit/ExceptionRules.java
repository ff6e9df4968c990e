package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.audit.AuditException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The deadlines of the exception rules, measured from one reading of the clock: a case is overdue when its clock
 * started before {@code now − deadline}.
 */
final class ExceptionRules {

    /**
     * The instants before which a started clock is overdue, per rule with a deadline.
     *
     * @param now when the rules were evaluated
     * @param collectedNotReceived collected before this and never received
     * @param receivedNotWiped received before this and never wiped
     * @param handoverNotAcknowledged offered before this and still pending
     * @param wipeFailedNotDestroyed failed its wipe before this and not dismantled
     */
    record Cutoffs(
            Instant now,
            Instant collectedNotReceived,
            Instant receivedNotWiped,
            Instant handoverNotAcknowledged,
            Instant wipeFailedNotDestroyed) {}

    private final AuditProperties.Deadlines deadlines;
    private final Clock clock;

    ExceptionRules(final AuditProperties.Deadlines deadlines, final Clock clock) {
        this.deadlines = deadlines;
        this.clock = clock;
    }

    Cutoffs cutoffs() {
        final Instant now = clock.instant();
        return new Cutoffs(now, now.minus(deadlines.collectedNotReceived()), now.minus(deadlines.receivedNotWiped()),
                now.minus(deadlines.handoverNotAcknowledged()), now.minus(deadlines.wipeFailedNotDestroyed()));
    }

    /**
     * When a case's deadline passed.
     *
     * @param kind the rule
     * @param since when the case's clock started
     * @return {@code since} plus the rule's deadline, or {@code null} for a rule without one
     */
    Instant dueAt(final Kind kind, final Instant since) {
        final Duration deadline = switch (kind) {
            case COLLECTED_NOT_RECEIVED -> deadlines.collectedNotReceived();
            case RECEIVED_NOT_WIPED -> deadlines.receivedNotWiped();
            case HANDOVER_NOT_ACKNOWLEDGED -> deadlines.handoverNotAcknowledged();
            case WIPE_FAILED_NOT_DESTROYED -> deadlines.wipeFailedNotDestroyed();
            case LOT_NOT_RECONCILED, SEAL_BROKEN, REFURBISHED_WITHOUT_VERIFIED_WIPE, SEAL_BROKEN_BEFORE_ERASURE,
                    ERASURE_METHOD_NOT_ACCEPTED, RELEASED_WITHOUT_ERASURE, DATA_STEP_WITHOUT_CONSENT,
                    DEVICE_MISSING -> null;
        };
        return deadline == null || since == null ? null : since.plus(deadline);
    }
}
