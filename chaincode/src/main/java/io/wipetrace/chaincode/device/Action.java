package io.wipetrace.chaincode.device;

/** The operations that change a device's state; see {@link Lifecycle} for where each is allowed. */
public enum Action {
    /** OfferHandover. */
    OFFER,
    /** AcceptHandover. */
    ACCEPT,
    /** RejectHandover. */
    REJECT,
    /** AcceptHandover of part of a handover: a device the receiver did not find on arrival. */
    REPORT_MISSING,
    /** RecordErasure. */
    ERASE,
    /** RecordDismantling. */
    DISMANTLE,
    /** RecordStorageDestruction. */
    DESTROY_STORAGE,
    /** RecordSmeltingLot. */
    SMELT,
    /** RecordRefurbishment. */
    REFURBISH,
    /** RecordResale. */
    RESELL,
    /** RecordExport. */
    EXPORT,
    /** RecordConsent (the state stays: it is allowed only where the table has a row). */
    RECORD_CONSENT,
    /** ReturnToOwner. */
    RETURN
}
