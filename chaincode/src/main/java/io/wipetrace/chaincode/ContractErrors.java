package io.wipetrace.chaincode;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The stable error codes a transaction can fail with.
 *
 * <p>The code's name is the {@link ChaincodeException} payload (UTF-8 bytes) and also prefixes the message, because
 * the Fabric Gateway passes the peer's message on to clients but not the payload.
 */
public enum ContractErrors {
    /** The key is missing or not 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    INVALID_KEY,
    /** The value is missing, empty or longer than the limit. */
    INVALID_VALUE,
    /** Nothing is stored under the requested key. */
    VALUE_NOT_FOUND,

    /**
     * An argument is malformed: not a JSON object, a member missing, unknown, of the wrong type, too long, not
     * matching its pattern (identifiers, hashes, instants, base64), an unknown enum value, or a duplicate in a list.
     */
    INVALID_ARGUMENT,

    // Registry
    /** Only an organisation registered with the REGULATOR role may write the registry (bootstrap aside). */
    NOT_REGULATOR,
    /** The organisation, site or station is registered already. */
    ALREADY_REGISTERED,
    /** No organisation is registered under that MSP ID. */
    ORGANISATION_NOT_FOUND,
    /** No site is registered under that ID. */
    SITE_NOT_FOUND,
    /** The site belongs to another organisation than the one the operation needs. */
    SITE_NOT_OWNED,
    /** No wiping station is registered under that ID. */
    STATION_NOT_FOUND,
    /** The wiping station was revoked; it can neither sign erasures nor be revoked again. */
    STATION_REVOKED,
    /** The wiping station belongs to another organisation than the caller. */
    STATION_NOT_OWNED,
    /** The public key is not base64 of a DER SubjectPublicKeyInfo for the station's algorithm. */
    INVALID_PUBLIC_KEY,

    // Who may do what
    /** The caller's MSP is not a registered organisation. */
    NOT_REGISTERED,
    /** The caller's organisation does not hold the role the operation needs. */
    ROLE_NOT_HELD,
    /** The caller may not read or do this (e.g. list another organisation's custody). */
    NOT_AUTHORISED,
    /** The caller's organisation is not the device's current custodian. */
    NOT_CUSTODIAN,
    /** The caller's organisation is not the receiver named in the handover. */
    NOT_RECEIVER,
    /** Only the organisation that collected the device may do this (its personal data). */
    NOT_COLLECTING_ORG,
    /** Only the organisation that wrote the event, or a regulator, may correct it. */
    NOT_EVENT_WRITER,

    // Devices and their lifecycle
    /** A device with that ID exists already. */
    DEVICE_EXISTS,
    /** A device with that receipt hash exists already. */
    RECEIPT_EXISTS,
    /** No device with that ID (or receipt hash). */
    DEVICE_NOT_FOUND,
    /** The device's state does not allow the operation (see the transition table). */
    ILLEGAL_TRANSITION,
    /** A handover with that ID exists already. */
    HANDOVER_EXISTS,
    /** No handover with that ID. */
    HANDOVER_NOT_FOUND,
    /** The handover was accepted or rejected already. */
    HANDOVER_CLOSED,
    /** The erasure report's signature does not verify under the station's registered key. */
    SIGNATURE_INVALID,
    /** An erasure report with that report ID was recorded already. */
    REPORT_EXISTS,
    /** The erasure names another consent reference than the one recorded at collection. */
    CONSENT_MISMATCH,
    /**
     * Refurbishment, resale and export of a whole device need a verified erasure: result ERASED with FULL verification
     * (the standard: the recycler verifies the erasure before the product is sold again).
     */
    ERASURE_NOT_VERIFIED,
    /**
     * The collection carries no consent record, so no erasure nor any step that could reach user data is allowed
     * (the standard: the user consents to the erasure's scope, method and impact before it; no access to user data
     * without consent).
     */
    CONSENT_MISSING,
    /**
     * Resale of a device whose user data was not erased: no erasure, or its result is not ERASED, or the device is
     * locked (the standard: a product whose user data was not erased may not be resold).
     */
    RESALE_NOT_ERASED,
    /**
     * Shipment out of the country of a device whose user data was not erased and whose storage was not destroyed
     * (the standard: such a product may not be shipped out of the country).
     */
    EXPORT_NOT_ERASED,
    /**
     * The erasure's method is not one the standard accepts (overwrite or block erase; see ErasureMethod), so it does
     * not clear the device for resale or export.
     */
    ERASURE_METHOD_NOT_ACCEPTED,
    /** A smelting lot with that ID was closed already; a lot closes once. */
    LOT_CLOSED,
    /** No smelting lot with that ID. */
    LOT_NOT_FOUND,
    /** The lot's input count differs from the number of devices listed. */
    COUNT_MISMATCH,
    /** The lot's output weight exceeds its input weight. */
    WEIGHT_MISMATCH,
    /** No event with that ID. */
    EVENT_NOT_FOUND,
    /** No personal data is held for the device (never stored, or purged). */
    PERSONAL_DATA_NOT_FOUND,
    /** Personal data for the device was stored already. */
    PERSONAL_DATA_EXISTS,

    // Anchors
    /** An anchor with that sequence was recorded already. */
    ANCHOR_EXISTS,
    /** No anchor with that sequence (or none at all). */
    ANCHOR_NOT_FOUND,
    /** The anchor does not follow the latest one: wrong sequence, previous anchor hash or first block. */
    ANCHOR_OUT_OF_ORDER,
    /** The anchor hash is not keccak256 of the window as the anchor contract computes it. */
    ANCHOR_HASH_MISMATCH;

    /**
     * Creates the exception that fails the transaction with this code.
     *
     * @param detail what was wrong, for people; clients match on the code, never on this text
     * @return an exception whose payload is this code's name
     */
    public ChaincodeException exception(final String detail) {
        return new ChaincodeException(name() + ": " + detail, name().getBytes(StandardCharsets.UTF_8));
    }
}
