package io.wipetrace.chaincode.device;

/**
 * Media sanitisation method. CLEAR, PURGE and DESTRUCT are NIST SP 800-88's vocabulary, recorded since the start;
 * OVERWRITE and BLOCK_ERASE are the two methods the national standard on erasing information from electronic products
 * names (覆写, 块擦除), which a station should record from now on.
 *
 * <p>{@link #acceptedByStandard()} maps them: OVERWRITE and BLOCK_ERASE are accepted; CLEAR is accepted as overwrite
 * (SP 800-88 defines it as overwriting every user-addressable location); PURGE is not, because it covers both block
 * erase and cryptographic erase and the record does not say which; DESTRUCT is destruction, not erasure (a destroyed
 * storage component is recorded by RecordStorageDestruction).
 */
public enum ErasureMethod {
    /** Logical overwrite of user-addressable storage. */
    CLEAR,
    /** Block erase or cryptographic erase. */
    PURGE,
    /** The media is destroyed. */
    DESTRUCT,
    /** Overwrite (覆写) of every user-addressable location. */
    OVERWRITE,
    /** Block erase (块擦除) of every block of the flash storage. */
    BLOCK_ERASE;

    /**
     * Whether the national standard accepts this method as an erasure that leaves the data unrecoverable.
     *
     * @return true for OVERWRITE, BLOCK_ERASE and CLEAR
     */
    public boolean acceptedByStandard() {
        return this == OVERWRITE || this == BLOCK_ERASE || this == CLEAR;
    }
}
