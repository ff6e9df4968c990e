package io.wipetrace.chaincode.device;

/** How a storage component was destroyed. */
public enum DestructionMethod {
    /** Shredded. */
    SHRED,
    /** Degaussed. */
    DEGAUSS,
    /** Crushed. */
    CRUSH
}
