package io.wipetrace.proof.ledger;

/** The sizes the chaincode accepts; the gateway's request validation uses the same numbers. */
public final class FieldLimits {

    /** Short texts: makes, models, tools, operators. */
    public static final int SHORT_TEXT = 64;
    /** Texts: names, standards, techniques, verifiers. */
    public static final int TEXT = 128;
    /** Long texts: reasons, notes. */
    public static final int LONG_TEXT = 1024;
    /** Longest JSON argument of one transaction, in characters (a 500-device handover is about 35 kB). */
    public static final int MAX_DOCUMENT_LENGTH = 131_072;
    /** Longest batch of collections, in characters (500 full collections fit). */
    public static final int MAX_BATCH_LENGTH = 2_097_152;
    /** Most devices in one handover, smelting lot or collection batch. */
    public static final int MAX_DEVICES_PER_OPERATION = 500;
    /** Most devices in one page of a custodian's list. */
    public static final int MAX_PAGE_SIZE = 200;
    /** Heaviest smelting lot input or output, in grams. */
    public static final long MAX_GRAMS = 1_000_000_000_000L;

    private FieldLimits() {}
}
