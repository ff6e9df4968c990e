package io.wipetrace.proof.ledger;

import java.util.regex.Pattern;

/**
 * The shapes of the identifiers the ledger stores. Each rule is a regular expression constant (for annotations), a
 * compiled {@link Pattern} and a sentence for error messages.
 */
public final class Identifiers {

    /** A device's ID: what the chaincode keys device records by. */
    public static final String DEVICE_ID = "[A-Za-z0-9_-]{16,64}";
    /** {@link #DEVICE_ID} compiled. */
    public static final Pattern DEVICE_ID_PATTERN = Pattern.compile(DEVICE_ID);
    /** What {@link #DEVICE_ID} accepts, for messages. */
    public static final String DEVICE_ID_RULE = "16 to 64 characters of [A-Za-z0-9_-]";

    /** Every other identifier: sites, stations, handovers, lots, reports, bags, seals, containers, waybills. */
    public static final String ID = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}";
    /** {@link #ID} compiled. */
    public static final Pattern ID_PATTERN = Pattern.compile(ID);
    /** What {@link #ID} accepts, for messages. */
    public static final String ID_RULE = "1 to 64 characters of [A-Za-z0-9._:/-], starting with a letter or digit";

    /**
     * A label that names software, a method or a standard (an erasure's technique, standard, tool and tool version):
     * public on purpose, so restricted to ASCII letters, digits, spaces and {@code . _ : / ( ) + , -}, which leaves no
     * room for an e-mail address or a name in Chinese characters. Whatever else a partner types is an {@link #ID}
     * (pseudonymous staff numbers, references, reason codes) or is written as a text commitment.
     */
    public static final String LABEL = "[A-Za-z0-9][A-Za-z0-9 ._:/()+,-]{0,127}";
    /** {@link #LABEL} compiled. */
    public static final Pattern LABEL_PATTERN = Pattern.compile(LABEL);
    /** What {@link #LABEL} accepts, for messages. */
    public static final String LABEL_RULE = "1 to 128 characters of ASCII letters, digits, spaces and ._:/()+,-, starting"
            + " with a letter or digit";

    /** An organisation's MSP ID. */
    public static final String MSP_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** {@link #MSP_ID} compiled. */
    public static final Pattern MSP_ID_PATTERN = Pattern.compile(MSP_ID);
    /** What {@link #MSP_ID} accepts, for messages. */
    public static final String MSP_ID_RULE = "1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit";

    /** A SHA-256 or SM3 digest in lowercase hexadecimal. */
    public static final String HEX_256 = "[0-9a-f]{64}";
    /** {@link #HEX_256} compiled. */
    public static final Pattern HEX_256_PATTERN = Pattern.compile(HEX_256);
    /** What {@link #HEX_256} accepts, for messages. */
    public static final String HEX_256_RULE = "64 lowercase hexadecimal characters";

    /** A country: ISO 3166-1 alpha-2. */
    public static final String COUNTRY = "[A-Z]{2}";
    /** {@link #COUNTRY} compiled. */
    public static final Pattern COUNTRY_PATTERN = Pattern.compile(COUNTRY);
    /** What {@link #COUNTRY} accepts, for messages. */
    public static final String COUNTRY_RULE = "two capital letters (ISO 3166-1 alpha-2)";

    /** The country the alliance operates in: an export goes anywhere else. */
    public static final String HOME_COUNTRY = "CN";

    private Identifiers() {}
}
