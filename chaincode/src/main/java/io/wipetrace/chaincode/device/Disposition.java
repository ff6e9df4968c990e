package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;

/**
 * The national standard's rules for steps that could reach user data and for a device leaving the recycler (resale,
 * shipment out of the country), checked on the device record before the state machine: a refusal names the rule
 * that was broken rather than only the state.
 *
 * <ul>
 *   <li>No erasure, refurbishment, resale or export of a whole device without a consent record (at collection, or
 *       recorded later by RecordConsent, {@link Owners}):
 *       {@link LedgerError#CONSENT_MISSING}.
 *   <li>Resale and export of a whole device only after an erasure with result ERASED, on an unlocked device
 *       ({@link LedgerError#RESALE_NOT_ERASED}, {@link LedgerError#EXPORT_NOT_ERASED}), verified in FULL
 *       ({@link LedgerError#ERASURE_NOT_VERIFIED}), by a method the standard accepts ({@link
 *       LedgerError#ERASURE_METHOD_NOT_ACCEPTED}, {@link ErasureMethod#acceptedByStandard()}).
 *   <li>Export of scrap: a STORAGE_DESTROYED device, whose storage was physically destroyed, needs none of that.
 * </ul>
 */
final class Disposition {

    /** What allowed a device to leave the recycler; recorded on the RESOLD and EXPORTED events as {@code basis}. */
    enum Basis {
        /** An erasure with result ERASED, FULL verification and an accepted method. */
        VERIFIED_ERASURE,
        /** The storage component was physically destroyed (scrap). */
        STORAGE_DESTROYED
    }

    private Disposition() {}

    /**
     * Refuses a step that could reach user data on a device collected without a consent record.
     *
     * @param device the device
     * @param step the step, for the message
     */
    static void requireConsent(final Device device, final Action step) {
        if (device.consent() == null) {
            throw ContractErrors.refuse(LedgerError.CONSENT_MISSING, "device " + device.deviceId() + " has no consent record (none"
                    + " at collection, none recorded since); " + step + " could reach user data and needs the user's consent");
        }
    }

    /**
     * Checks that a device may be resold or exported and says on what basis. The state machine is checked after this.
     *
     * @param device the device
     * @param action {@link Action#RESELL} or {@link Action#EXPORT}
     * @return the basis
     */
    static Basis requireRelease(final Device device, final Action action) {
        if (action == Action.EXPORT && device.state() == DeviceState.STORAGE_DESTROYED) {
            return Basis.STORAGE_DESTROYED;
        }
        requireConsent(device, action);
        final ErasureSummary erasure = device.erasure();
        if (erasure == null || erasure.result() != ErasureResult.ERASED || device.locked()) {
            final String why = erasure == null ? "has no erasure"
                    : device.locked() ? "is locked (physical destruction path only)"
                    : "was not erased (result " + erasure.result() + ")";
            throw action == Action.RESELL
                    ? ContractErrors.refuse(LedgerError.RESALE_NOT_ERASED, "device " + device.deviceId() + " " + why
                            + "; a product whose user data was not erased may not be resold")
                    : ContractErrors.refuse(LedgerError.EXPORT_NOT_ERASED, "device " + device.deviceId() + " " + why
                            + " and its storage was not destroyed; it may not be shipped out of the country");
        }
        if (erasure.verificationMode() != VerificationMode.FULL) {
            throw ContractErrors.refuse(LedgerError.ERASURE_NOT_VERIFIED, "device " + device.deviceId() + "'s erasure was "
                    + "verified " + erasure.verificationMode() + ", not FULL; it may not leave the recycler");
        }
        if (!erasure.method().acceptedByStandard()) {
            throw ContractErrors.refuse(LedgerError.ERASURE_METHOD_NOT_ACCEPTED, "device " + device.deviceId() + " was erased by "
                    + erasure.method() + "; only OVERWRITE, BLOCK_ERASE or CLEAR (overwrite) clear it to leave");
        }
        return Basis.VERIFIED_ERASURE;
    }
}
