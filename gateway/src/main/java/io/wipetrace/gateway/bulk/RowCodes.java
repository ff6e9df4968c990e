package io.wipetrace.gateway.bulk;

/**
 * The stable codes of row errors. Besides these, a row refused by the ledger carries the chaincode's code
 * ({@code SITE_NOT_FOUND}, {@code DEVICE_EXISTS}, {@code INVALID_ARGUMENT}, …) or, when its whole batch was refused,
 * the ledger failure's code.
 */
final class RowCodes {

    /** A JSON line that is not a JSON object, or a CSV record that breaks the quoting rules. */
    static final String ROW_MALFORMED = "ROW_MALFORMED";
    /** A CSV record with more or fewer fields than the header. */
    static final String COLUMN_COUNT = "COLUMN_COUNT";
    /** A JSON member the import does not know. */
    static final String FIELD_UNKNOWN = "FIELD_UNKNOWN";
    /** A value of the wrong type: not a string, not an integer, not true or false. */
    static final String FIELD_WRONG_TYPE = "FIELD_WRONG_TYPE";
    /** A required value missing or blank. */
    static final String FIELD_REQUIRED = "FIELD_REQUIRED";
    /** A text longer than its limit. */
    static final String FIELD_TOO_LONG = "FIELD_TOO_LONG";
    /** A value not in the form required (identifier pattern, enumeration, control characters). */
    static final String FIELD_INVALID = "FIELD_INVALID";
    /** A number outside its range. */
    static final String FIELD_OUT_OF_RANGE = "FIELD_OUT_OF_RANGE";
    /** Personal data (IMEI, serial, contact) is not taken by bulk imports. */
    static final String PERSONAL_DATA_UNSUPPORTED = "PERSONAL_DATA_UNSUPPORTED";
    /** The site is not registered (checked against the registry at intake, or by the chaincode). */
    static final String SITE_NOT_FOUND = "SITE_NOT_FOUND";
    /** The site belongs to another organisation. */
    static final String SITE_NOT_OWNED = "SITE_NOT_OWNED";

    private RowCodes() {}
}
