package io.wipetrace.gateway.device;

import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A collection as a partner describes it: the body of {@code POST /api/v1/collections} and one row of a bulk import
 * of collections, validated by the same constraints in both.
 *
 * @param make manufacturer
 * @param model model
 * @param storageGb storage capacity in GB, 1 to 16384
 * @param channel HOME_PICKUP, STORE or MAIL_BAG
 * @param siteId the collecting site, the caller's own
 * @param consent the consumer's consent to the wipe; a collection without one is recorded, but the chaincode then
 *     refuses its erasure and anything else that could reach its user data (CONSENT_MISSING)
 * @param bagId the mail or collection bag, if any
 * @param sealId that bag's seal, if any
 * @param locked whether FRP / Activation Lock was on
 * @param personal personal data for the collector's private data collection, if any
 * @param productType PHONE (when absent), TABLET, LAPTOP, DESKTOP, WEARABLE, OFFICE_EQUIPMENT or OTHER
 */
public record CollectionRequest(
        @NotBlank @Size(max = 64) String make,
        @NotBlank @Size(max = 64) String model,
        @NotNull @Min(1) @Max(16384) Integer storageGb,
        @NotNull @Pattern(regexp = "HOME_PICKUP|STORE|MAIL_BAG") String channel,
        @NotBlank @Pattern(regexp = ID) String siteId,
        @Valid Consent consent,
        @Pattern(regexp = ID) String bagId,
        @Pattern(regexp = ID) String sealId,
        @NotNull Boolean locked,
        @Valid PersonalData personal,
        @Pattern(regexp = PRODUCT_TYPES) String productType) {

    /** The product types of the national standard on erasing information from electronic products. */
    public static final String PRODUCT_TYPES = "PHONE|TABLET|LAPTOP|DESKTOP|WEARABLE|OFFICE_EQUIPMENT|OTHER";

    /**
     * A collection that does not name its product type (a phone).
     *
     * @param make manufacturer
     * @param model model
     * @param storageGb storage capacity in GB
     * @param channel how it was handed in
     * @param siteId the collecting site
     * @param consent the consumer's consent
     * @param bagId the bag, if any
     * @param sealId the bag's seal, if any
     * @param locked whether FRP / Activation Lock was on
     * @param personal personal data, if any
     */
    public CollectionRequest(final String make, final String model, final Integer storageGb, final String channel,
            final String siteId, final Consent consent, final String bagId, final String sealId, final Boolean locked,
            final PersonalData personal) {
        this(make, model, storageGb, channel, siteId, consent, bagId, sealId, locked, personal, null);
    }


    /** Site, bag and seal IDs, as the chaincode takes them. */
    public static final String ID = Identifiers.ID;

    /**
     * The consumer's consent to the wipe, as the national standard asks.
     *
     * @param reference the consent record's reference
     * @param scope what is erased
     * @param method how consent was given
     * @param impact what the consumer was told the erasure does
     */
    public record Consent(@NotBlank @Pattern(regexp = Identifiers.ID) String reference, @NotBlank @Size(max = 1024) String scope,
            @NotBlank @Size(max = 128) String method, @NotBlank @Size(max = 1024) String impact) {}

    /**
     * Personal data, kept only in the collector's private data collection and purgeable.
     *
     * @param imei 14 to 16 digits
     * @param serial the serial number
     * @param contact the consumer's contact
     */
    public record PersonalData(@Pattern(regexp = "[0-9]{14,16}") String imei, @Size(min = 1, max = 64) String serial,
            @Size(min = 1, max = 256) String contact) {
        @AssertTrue(message = "imei or serial is required")
        boolean isIdentified() {
            return imei != null || serial != null;
        }
    }
}
