package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One exception the regulator should look at.
 *
 * @param kind which rule found it
 * @param subjectType DEVICE, HANDOVER or LOT
 * @param subjectId the device, handover or lot
 * @param organisation the organisation expected to act (custodian, receiver, smelter)
 * @param siteId where
 * @param since when the clock started (collection, receipt, offer, failed wipe, lot closing, acceptance)
 * @param dueAt when the deadline passed, or {@code null} for rules without one
 * @param detail more about it, in words
 * @param acknowledgements the regulator's acknowledgements of it, newest first; empty when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditException(
        Kind kind,
        String subjectType,
        String subjectId,
        String organisation,
        String siteId,
        Instant since,
        Instant dueAt,
        String detail,
        List<Acknowledgement> acknowledgements) {

    /** Copies the acknowledgements. */
    public AuditException {
        acknowledgements = acknowledgements == null ? List.of() : List.copyOf(acknowledgements);
    }

    /** @return the latest acknowledgement, or {@code null} when none */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Acknowledgement latestAcknowledgement() {
        return acknowledgements.isEmpty() ? null : acknowledgements.getFirst();
    }

    /** The exception rules. */
    public enum Kind {
        /** Collected, never accepted by a receiver within the deadline. */
        COLLECTED_NOT_RECEIVED,
        /** Received, no erasure record within the deadline. */
        RECEIVED_NOT_WIPED,
        /** A handover offer neither accepted nor rejected within the deadline. */
        HANDOVER_NOT_ACKNOWLEDGED,
        /** A smelting lot whose declared count differs from its devices or whose output outweighs its input. */
        LOT_NOT_RECONCILED,
        /** A failed wipe not dismantled (routed to physical destruction) within the deadline. */
        WIPE_FAILED_NOT_DESTROYED,
        /** A handover accepted with its seal broken. */
        SEAL_BROKEN,
        /**
         * A device refurbished (sold on) without a verified erasure (ERASED with FULL verification). The chaincode
         * refuses this; the rule stays as the regulator's independent check of the ledger.
         */
        REFURBISHED_WITHOUT_VERIFIED_WIPE,
        /**
         * A device accepted with a broken seal before it was wiped: possible access to user data without consent
         * (the standard's NO_ACCESS_WITHOUT_CONSENT, {@link ComplianceRules.Clause}).
         */
        SEAL_BROKEN_BEFORE_ERASURE,
        /** A device whose latest erasure used a method the standard does not accept (ERASURE_METHOD). */
        ERASURE_METHOD_NOT_ACCEPTED,
        /**
         * A device the receiver did not find when it accepted the rest of its handover: MISSING, in the custody of
         * the sender, who is accountable for it.
         */
        DEVICE_MISSING,
        /**
         * A device resold or exported without a verified erasure by an accepted method, or exported as scrap without
         * a storage destruction (NO_RELEASE_UNERASED). The chaincode refuses this; the rule is the regulator's
         * independent check.
         */
        RELEASED_WITHOUT_ERASURE,
        /**
         * A step that reaches user data (erasure, refurbishment, resale, whole-device export) on a device collected
         * without a consent record (NO_ACCESS_WITHOUT_CONSENT). The chaincode refuses this too.
         */
        DATA_STEP_WITHOUT_CONSENT
    }
}
