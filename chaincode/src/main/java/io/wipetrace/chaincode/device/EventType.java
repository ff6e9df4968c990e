package io.wipetrace.chaincode.device;

/** The kinds of event a device's history holds. */
public enum EventType {
    /** RegisterCollection. */
    COLLECTED,
    /** OfferHandover (one event per device of the aggregation). */
    HANDOVER_OFFERED,
    /** AcceptHandover. */
    HANDOVER_ACCEPTED,
    /** RejectHandover. */
    HANDOVER_REJECTED,
    /** AcceptHandover of part of a handover: one event per device the receiver did not find on arrival. */
    DEVICE_MISSING,
    /** RecordErasure, whichever the result. */
    ERASURE_RECORDED,
    /** RecordDismantling. */
    DISMANTLED,
    /** RecordStorageDestruction. */
    STORAGE_DESTROYED,
    /** RecordSmeltingLot (one event per device of the lot). */
    SMELTED,
    /** RecordRefurbishment. */
    REFURBISHED,
    /** RecordResale. */
    RESOLD,
    /** RecordExport. */
    EXPORTED,
    /** PurgePersonalData. */
    PERSONAL_DATA_PURGED,
    /** RecordConsent: the owner's consent to erasure, recorded after collection. */
    CONSENT_RECORDED,
    /** ReturnToOwner: handed back unwiped; terminal. */
    RETURNED_TO_OWNER,
    /** CorrectEvent: names the event it corrects; the original stays. */
    CORRECTION
}
