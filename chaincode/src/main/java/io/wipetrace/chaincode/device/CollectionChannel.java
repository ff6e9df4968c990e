package io.wipetrace.chaincode.device;

/** How the consumer handed the device in. */
public enum CollectionChannel {
    /** Picked up at home. */
    HOME_PICKUP,
    /** Handed in at a store. */
    STORE,
    /** Sent in a mail bag. */
    MAIL_BAG
}
