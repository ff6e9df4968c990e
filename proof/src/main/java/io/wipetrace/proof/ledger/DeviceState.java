package io.wipetrace.proof.ledger;

/** Where a device is in its lifecycle; the chaincode's {@code Lifecycle} holds the transitions between these states. */
public enum DeviceState {
    /** Registered by the collecting organisation, which holds custody. */
    COLLECTED,
    /** Offered in a pending handover; custody stays with the offering organisation until the receiver accepts. */
    IN_TRANSIT,
    /** Received by a new custodian and not processed yet. */
    RECEIVED,
    /** A signed erasure report was recorded and the device is not locked. */
    WIPED,
    /** The erasure failed (result NOT_ERASED) or the device is locked: physical destruction path only. */
    WIPE_FAILED,
    /** Taken apart; the storage component is committed to by hash. */
    DISMANTLED,
    /** The storage component was shredded, degaussed or crushed. */
    STORAGE_DESTROYED,
    /** Smelted in a lot. Terminal. */
    SMELTED,
    /** Refurbished for reuse after a verified erasure; may then be resold or exported. */
    REFURBISHED,
    /** Sold again after refurbishment, only after an erasure the national standard accepts. Terminal. */
    RESOLD,
    /**
     * Shipped out of the country: a whole device only after an erasure the national standard accepts, scrap only after
     * its storage was destroyed. Terminal.
     */
    EXPORTED,
    /**
     * Not found by the receiver when it accepted the rest of its handover. Custody stays with the sender, who is
     * accountable for it; nothing leaves this state (a device that turns up later is not brought back on the ledger).
     */
    MISSING,
    /**
     * Handed back, unwiped, to its owner by the custodian (the owner refused consent to the erasure or asked for the
     * device back). Terminal: the recycler touched no user data and the device leaves the erasure and resale rules.
     */
    RETURNED
}
