package io.wipetrace.chaincode.device;

/**
 * The kind of electronic product with non-volatile storage a collection is, in the product classes of the national
 * standard on erasing information from electronic products. A collection recorded before this member existed (or sent
 * by a client that does not name it) reads as {@link #PHONE}: the ledger held only phones until then.
 */
public enum ProductType {
    /** Mobile phone. */
    PHONE,
    /** Tablet. */
    TABLET,
    /** Laptop. */
    LAPTOP,
    /** Desktop computer. */
    DESKTOP,
    /** Wearable (watch, band). */
    WEARABLE,
    /** Office equipment with storage (printer, copier, scanner). */
    OFFICE_EQUIPMENT,
    /** Any other product with non-volatile storage. */
    OTHER
}
