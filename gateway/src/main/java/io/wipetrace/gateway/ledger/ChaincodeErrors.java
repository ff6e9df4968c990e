package io.wipetrace.gateway.ledger;

import java.util.Set;

/** The chaincode's error codes (chaincode/README.md); the gateway module does not depend on the chaincode. */
public final class ChaincodeErrors {

    /** Codes that mean "there is no such thing". */
    public static final Set<String> NOT_FOUND = Set.of("DEVICE_NOT_FOUND", "HANDOVER_NOT_FOUND", "LOT_NOT_FOUND",
            "SITE_NOT_FOUND", "STATION_NOT_FOUND", "ORGANISATION_NOT_FOUND", "EVENT_NOT_FOUND",
            "PERSONAL_DATA_NOT_FOUND", "VALUE_NOT_FOUND");

    /** Codes that mean "you may not do this". */
    public static final Set<String> FORBIDDEN = Set.of("NOT_CUSTODIAN", "ROLE_NOT_HELD", "NOT_AUTHORISED",
            "NOT_REGISTERED", "NOT_REGULATOR", "NOT_RECEIVER", "SITE_NOT_OWNED", "STATION_NOT_OWNED",
            "NOT_COLLECTING_ORG", "NOT_EVENT_WRITER");

    /** Codes that mean "this clashes with the ledger's current state". */
    public static final Set<String> CONFLICT = Set.of("DEVICE_EXISTS", "RECEIPT_EXISTS", "HANDOVER_EXISTS",
            "REPORT_EXISTS", "PERSONAL_DATA_EXISTS", "ALREADY_REGISTERED", "ILLEGAL_TRANSITION", "LOT_CLOSED",
            "HANDOVER_CLOSED", "STATION_REVOKED", "ERASURE_NOT_VERIFIED", "CONSENT_MISSING", "RESALE_NOT_ERASED",
            "EXPORT_NOT_ERASED", "ERASURE_METHOD_NOT_ACCEPTED");

    /** Codes that mean "the request's content is wrong". */
    public static final Set<String> UNPROCESSABLE = Set.of("INVALID_ARGUMENT", "SIGNATURE_INVALID",
            "INVALID_PUBLIC_KEY", "CONSENT_MISMATCH", "COUNT_MISMATCH", "WEIGHT_MISMATCH");

    private ChaincodeErrors() {}

    static boolean isKnown(final String code) {
        return NOT_FOUND.contains(code) || FORBIDDEN.contains(code) || CONFLICT.contains(code)
                || UNPROCESSABLE.contains(code);
    }
}
