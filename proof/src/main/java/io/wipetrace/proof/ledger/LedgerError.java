package io.wipetrace.proof.ledger;

import java.util.Optional;

/**
 * The stable codes a ledger transaction can be refused with, grouped by what the refusal means for the caller.
 *
 * <p>The chaincode fails a transaction with the code's name as the payload and as the message's prefix ({@code
 * CODE: detail}), because the Fabric Gateway passes the peer's message on to clients but not the payload; clients
 * read the code back with {@link #fromMessage(String)} and decide by {@link #category()}, never by the detail's text.
 */
public enum LedgerError {
    /** The key is missing or not 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    INVALID_KEY(Category.INPUT),
    /** The value is missing, empty or longer than the limit. */
    INVALID_VALUE(Category.INPUT),
    /** Nothing is stored under the requested key. */
    VALUE_NOT_FOUND(Category.NOT_FOUND),

    /**
     * An argument is malformed: not a JSON object, a member missing, unknown, of the wrong type, too long, not
     * matching its pattern (identifiers, hashes, instants, base64), an unknown enum value, or a duplicate in a list.
     */
    INVALID_ARGUMENT(Category.INPUT),

    // Registry
    /** Only an organisation registered with the REGULATOR role may write the registry (bootstrap aside). */
    NOT_REGULATOR(Category.ACCESS),
    /** The organisation, site or station is registered already. */
    ALREADY_REGISTERED(Category.CONFLICT),
    /** No organisation is registered under that MSP ID. */
    ORGANISATION_NOT_FOUND(Category.NOT_FOUND),
    /** No site is registered under that ID. */
    SITE_NOT_FOUND(Category.NOT_FOUND),
    /** The site belongs to another organisation than the one the operation needs. */
    SITE_NOT_OWNED(Category.ACCESS),
    /** No wiping station is registered under that ID. */
    STATION_NOT_FOUND(Category.NOT_FOUND),
    /** The wiping station was revoked; it can neither sign erasures nor be revoked again. */
    STATION_REVOKED(Category.STATE),
    /** The wiping station belongs to another organisation than the caller. */
    STATION_NOT_OWNED(Category.ACCESS),
    /** The public key is not base64 of a DER SubjectPublicKeyInfo for the station's algorithm. */
    INVALID_PUBLIC_KEY(Category.INPUT),

    // Who may do what
    /** The caller's MSP is not a registered organisation. */
    NOT_REGISTERED(Category.ACCESS),
    /** The caller's organisation does not hold the role the operation needs. */
    ROLE_NOT_HELD(Category.ACCESS),
    /** The caller may not read or do this (e.g. list another organisation's custody). */
    NOT_AUTHORISED(Category.ACCESS),
    /** The caller's organisation is not the device's current custodian. */
    NOT_CUSTODIAN(Category.ACCESS),
    /** The caller's organisation is not the receiver named in the handover. */
    NOT_RECEIVER(Category.ACCESS),
    /** Only the organisation that collected the device may do this (its personal data). */
    NOT_COLLECTING_ORG(Category.ACCESS),
    /** Only the organisation that wrote the event, or a regulator, may correct it. */
    NOT_EVENT_WRITER(Category.ACCESS),

    // Devices and their lifecycle
    /** A device with that ID exists already. */
    DEVICE_EXISTS(Category.CONFLICT),
    /** A device with that receipt hash exists already. */
    RECEIPT_EXISTS(Category.CONFLICT),
    /** No device with that ID (or receipt hash). */
    DEVICE_NOT_FOUND(Category.NOT_FOUND),
    /** The device's state does not allow the operation (see the transition table). */
    ILLEGAL_TRANSITION(Category.STATE),
    /** A handover with that ID exists already. */
    HANDOVER_EXISTS(Category.CONFLICT),
    /** No handover with that ID. */
    HANDOVER_NOT_FOUND(Category.NOT_FOUND),
    /** The handover was accepted or rejected already. */
    HANDOVER_CLOSED(Category.STATE),
    /** An acceptance lists a device as missing more than once: each missing device is listed once. */
    MISSING_DEVICE_LISTED_TWICE(Category.INPUT),
    /** An acceptance lists a device as missing that the handover does not hold. */
    MISSING_DEVICE_NOT_IN_HANDOVER(Category.INPUT),
    /** An acceptance lists every device of the handover as missing: accepting none is a rejection. */
    MISSING_EVERY_DEVICE(Category.INPUT),
    /** The erasure report's signature does not verify under the station's registered key. */
    SIGNATURE_INVALID(Category.INPUT),
    /** An erasure report with that report ID was recorded already. */
    REPORT_EXISTS(Category.CONFLICT),
    /** The erasure names another consent reference than the one recorded at collection. */
    CONSENT_MISMATCH(Category.STANDARD),
    /**
     * Refurbishment, resale and export of a whole device need a verified erasure: result ERASED with FULL verification
     * (the standard: the recycler verifies the erasure before the product is sold again).
     */
    ERASURE_NOT_VERIFIED(Category.STANDARD),
    /**
     * The collection carries no consent record, so no erasure nor any step that could reach user data is allowed
     * (the standard: the user consents to the erasure's scope, method and impact before it; no access to user data
     * without consent).
     */
    CONSENT_MISSING(Category.STANDARD),
    /** The device has a consent record already (at collection or recorded later); it is recorded once. */
    CONSENT_EXISTS(Category.CONFLICT),
    /**
     * Consent recorded after an erasure was attempted: too late (the standard: the user consents to the erasure's
     * scope, method and impact before it).
     */
    CONSENT_AFTER_ERASURE(Category.STANDARD),
    /**
     * Resale of a device whose user data was not erased: no erasure, or its result is not ERASED, or the device is
     * locked (the standard: a product whose user data was not erased may not be resold).
     */
    RESALE_NOT_ERASED(Category.STANDARD),
    /**
     * Shipment out of the country of a device whose user data was not erased and whose storage was not destroyed
     * (the standard: such a product may not be shipped out of the country).
     */
    EXPORT_NOT_ERASED(Category.STANDARD),
    /**
     * The erasure's method is not one the standard accepts (overwrite or block erase; see ErasureMethod), so it does
     * not clear the device for resale or export.
     */
    ERASURE_METHOD_NOT_ACCEPTED(Category.STANDARD),
    /** A smelting lot with that ID was closed already; a lot closes once. */
    LOT_CLOSED(Category.STATE),
    /** No smelting lot with that ID. */
    LOT_NOT_FOUND(Category.NOT_FOUND),
    /** The lot's input count differs from the number of devices listed. */
    COUNT_MISMATCH(Category.INPUT),
    /** The lot's output weight exceeds its input weight. */
    WEIGHT_MISMATCH(Category.INPUT),
    /** No event with that ID. */
    EVENT_NOT_FOUND(Category.NOT_FOUND),
    /** No personal data is held for the device (never stored, or purged). */
    PERSONAL_DATA_NOT_FOUND(Category.NOT_FOUND),
    /** Personal data for the device was stored already. */
    PERSONAL_DATA_EXISTS(Category.CONFLICT),

    // Anchors
    /** An anchor with that sequence was recorded already. */
    ANCHOR_EXISTS(Category.CONFLICT),
    /** No anchor with that sequence (or none at all). */
    ANCHOR_NOT_FOUND(Category.NOT_FOUND),
    /** The anchor does not follow the latest one: wrong sequence, previous anchor hash or first block. */
    ANCHOR_OUT_OF_ORDER(Category.STATE),
    /** The anchor hash is not keccak256 of the window as the anchor contract computes it. */
    ANCHOR_HASH_MISMATCH(Category.INPUT);


    /** What a refusal means for the caller, and so how a client answers it. */
    public enum Category {
        /** The request itself is malformed or inconsistent: the caller must change it. */
        INPUT,
        /** The caller's organisation may not do this. */
        ACCESS,
        /** Something the request names does not exist. */
        NOT_FOUND,
        /** It exists already: a repeat, or a clash with another record. */
        CONFLICT,
        /** The record's state does not allow it now. */
        STATE,
        /** The national erasure standard forbids it. */
        STANDARD
    }

    private final Category category;

    LedgerError(final Category category) {
        this.category = category;
    }

    /**
     * What this refusal means for the caller.
     *
     * @return the code's category
     */
    public Category category() {
        return category;
    }

    /**
     * The message a refusal with this code carries: the code's name, a colon and the detail.
     *
     * @param detail what was wrong, for people; clients match on the code, never on this text
     * @return the message
     */
    public String message(final String detail) {
        return name() + ": " + detail;
    }

    /**
     * Reads the code a refusal's message starts with, wherever a client finds it (the peer may prefix its own text,
     * such as {@code chaincode response 500, }).
     *
     * @param message the error text as the client received it, or {@code null}
     * @return the code, or empty when the text names none
     */
    public static Optional<LedgerError> fromMessage(final String message) {
        if (message == null) {
            return Optional.empty();
        }
        for (final LedgerError code : values()) {
            final int at = message.indexOf(code.name() + ":");
            if (at == 0 || at > 0 && !isCodeCharacter(message.charAt(at - 1))) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    private static boolean isCodeCharacter(final char c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }
}
