package io.wipetrace.gateway.device;

import com.google.zxing.common.BitMatrix;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.device.CollectionRequest.Consent;
import io.wipetrace.gateway.device.CollectionRequest.PersonalData;
import io.wipetrace.gateway.idempotency.IdempotentWrites;
import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import io.wipetrace.gateway.shared.QrCodes;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.proof.ledger.LedgerError;
import io.wipetrace.gateway.ledger.DeviceWrites;
import io.wipetrace.gateway.ledger.LedgerReference;
import io.wipetrace.gateway.ledger.Submission;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.ledger.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Collections: a partner registers a device it has taken in and gets the consumer's receipt.
 *
 * <p>The gateway makes the device ID and the receipt code; only the receipt code's SHA-256 goes to the ledger, and the
 * clear code is kept nowhere but in the response (and, for replaying that response to a retry, in the idempotency
 * record until it expires, sealed under a key only the client's Idempotency-Key gives).
 *
 * <p>Personal data is sealed under the device's data key ({@link DeviceKeyStore}) before it leaves the gateway; the
 * identifier commitment is keyed by the same key. A purge destroys the key first, so neither can be opened or tested
 * afterwards: {@code POST /{deviceId}/identifiers/check} then answers 410 {@code PERSONAL_DATA_PURGED}. So the QR code comes inline with the response (PNG as base64, and SVG), and the
 * {@code receipt.png}/{@code receipt.svg} endpoints draw it again only for a caller who presents the code in
 * {@code X-Receipt-Code}, checked against the ledger's hash.
 */
@RestController
@RequestMapping("/api/v1/collections")
@Tag(name = "Collections")
class CollectionController {

    static final String RECEIPT_HEADER = "X-Receipt-Code";

    private static final java.util.regex.Pattern DEVICE_ID = Identifiers.DEVICE_ID_PATTERN;

    private final LedgerClient ledger;
    private final ChaincodeJson json;
    private final DeviceWrites writer;
    private final IdempotentWrites writes;
    private final DeviceKeyStore keys;
    private final String portalBaseUrl;

    /**
     * A collection's answer is kept for a retry without its QR code, which is nearly all of it (its PNG and its SVG:
     * a stored row went from about 15 KB to under 1 KB), and which is drawn again from the receipt's link when the
     * answer is replayed.
     */
    private final IdempotentWrites.Stored<CollectionResponse> storedResponse = new IdempotentWrites.Stored<>(
            CollectionResponse.class, response -> response.withQr(null),
            stored -> stored.withQr(QrCode.of(portalUrl(stored.receiptCode()))));

    CollectionController(final LedgerClient ledger, final ChaincodeJson json, final DeviceWrites writer,
            final IdempotentWrites writes,
            final DeviceKeyStore keys,
            @Value("${wipetrace.portal.base-url:http://127.0.0.1:8080}") final String portalBaseUrl) {
        this.ledger = ledger;
        this.json = json;
        this.writer = writer;
        this.writes = writes;
        this.keys = keys;
        this.portalBaseUrl = portalBaseUrl.endsWith("/")
                ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1) : portalBaseUrl;
    }

    /** The QR code of the receipt's portal link. */
    record QrCode(String url, String pngBase64, String svg) {

        /** Both drawings of one encoding of the link. */
        static QrCode of(final String url) {
            final BitMatrix matrix = QrCodes.matrix(url);
            return new QrCode(url, Base64.getEncoder().encodeToString(QrCodes.png(matrix)), QrCodes.svg(matrix));
        }
    }

    record ReceiptLinks(String png, String svg) {}

    record CollectionResponse(String deviceId, String receiptCode, String receiptHash, String state,
            boolean personalDataStored, String personalDataHash, QrCode qr, ReceiptLinks links,
            LedgerReference ledger) {

        CollectionResponse withQr(final QrCode drawn) {
            return new CollectionResponse(deviceId, receiptCode, receiptHash, state, personalDataStored,
                    personalDataHash, drawn, links, ledger);
        }
    }

    /** What {@code StorePersonalData} returns. */
    record StoredPersonalData(String collection, String deviceId, String personalDataHash) {}

    /** Values generated once per request, remembered for retries. */
    record Generated(String deviceId, String receiptCode, String nonce) {}

    /** What {@code RegisterCollection} takes. */
    record RegisterCollection(String deviceId, String receiptHash, String identifierCommitment, String make,
            String model, Integer storageGb, String channel, String siteId, Consent consent, String bagId,
            String sealId, Boolean locked, String productType) {}

    /** The clear personal data, as it is sealed (never sent anywhere in this form). */
    record PersonalFields(String imei, String serial, String contact) {}

    /** What {@code POST /{deviceId}/identifiers/check} takes: the identifiers a collector holds in hand. */
    record IdentifierCheck(@Pattern(regexp = "[0-9]{14,16}") String imei,
            @Size(min = 1, max = 64) String serial) {}

    record IdentifierCheckResponse(String deviceId, boolean matches) {}

    /** The fields of {@code GetDevice} the identifier check needs. */
    record CommittedDevice(String collectorMspId, String identifierCommitment, String personalDataHash,
            String personalDataPurgedAt) {}

    @PostMapping
    @Operation(summary = "Register a collected device",
            description = "Generates the device ID and the receipt code; only the code's SHA-256 goes to the ledger."
                    + " Personal data, if sent, goes to the collector's private data collection only.")
    ResponseEntity<CollectionResponse> register(@AuthenticationPrincipal final ApiPrincipal principal,
            @Parameter(required = true) @RequestHeader(IdempotentWrites.HEADER) final String idempotencyKey,
            @Valid @RequestBody final CollectionRequest request) {
        return writes.execute(principal.organisation(), idempotencyKey, "POST /api/v1/collections", request,
                HttpStatus.CREATED, storedResponse, context -> {
                    final PersonalData personal = request.personal();
                    final Supplier<Generated> generate = () -> new Generated(CollectionIdentifiers.newDeviceId(),
                            ReceiptCode.generate(), CollectionIdentifiers.randomHex(32));
                    // With personal data, the device's key is made under the device ID before anything is
                    // submitted, so the ID is stored first; without, it goes nowhere before the transaction.
                    final Generated generated = personal != null
                            ? context.remember("generated", Generated.class, generate)
                            : context.rememberBeforeSubmit("generated", Generated.class, generate);
                    final String receiptHash = ReceiptCode.hash(generated.receiptCode()).orElseThrow();
                    // A retry finds the key the first attempt made, so the commitment comes out the same.
                    final DeviceKey key = personal == null ? null
                            : keys.findOrCreate(principal.organisation(), generated.deviceId());
                    final String commitment = key == null
                            ? CollectionIdentifiers.nonceCommitment(generated.nonce())
                            : key.commitment(personal.imei(), personal.serial());
                    final RegisterCollection argument = new RegisterCollection(generated.deviceId(), receiptHash,
                            commitment, request.make(), request.model(),
                            request.storageGb(), request.channel(), request.siteId(), request.consent(),
                            request.bagId(), request.sealId(), request.locked(), request.productType());
                    final DeviceWrites.Written<DeviceView> registered = writer.submit(principal.organisation(),
                            context.journal("register"), "RegisterCollection", argument, DeviceView.class);
                    final DeviceView device = registered.result();
                    String personalDataHash = null;
                    if (key != null) {
                        final DeviceKey.Sealed sealed = key.seal(generated.deviceId(), json.write(new PersonalFields(
                                personal.imei(), personal.serial(), personal.contact())).getBytes(StandardCharsets.UTF_8));
                        personalDataHash = writer.submit(new Submission(principal.organisation(),
                                "device", "StorePersonalData", List.of(generated.deviceId()),
                                Map.of("personal", json.write(sealed).getBytes(StandardCharsets.UTF_8)),
                                List.of(principal.mspId())), context.journal("personal"), StoredPersonalData.class)
                                .result().personalDataHash();
                    }
                    final String url = portalUrl(generated.receiptCode());
                    final String base = "/api/v1/collections/" + generated.deviceId();
                    return new CollectionResponse(generated.deviceId(), generated.receiptCode(), receiptHash,
                            device.state(), personalDataHash != null, personalDataHash,
                            QrCode.of(url),
                            new ReceiptLinks(base + "/receipt.png", base + "/receipt.svg"),
                            registered.ledger());
                });
    }

    /** What {@code POST /recovered-receipts} takes: the Idempotency-Key the collection was sent with. */
    record ReceiptRecovery(@Pattern(regexp = "[A-Za-z0-9._:-]{8,128}") String idempotencyKey) {}

    /** A receipt given once more. */
    record RecoveredReceipt(String deviceId, String receiptCode, String state, QrCode qr, ReceiptLinks links) {}

    @PostMapping("/recovered-receipts")
    @Operation(summary = "The receipt of a collection whose answer was lost",
            description = "Send the Idempotency-Key the collection was sent with. While the request's idempotency"
                    + " record is kept (24 hours by default), its receipt code is opened with that key and given once"
                    + " more, if the device it names is on the ledger, collected by the caller's organisation, with"
                    + " that receipt's hash; else 404 RECEIPT_NOT_FOUND (then send the collection again with the same"
                    + " key: it is registered at most once).")
    RecoveredReceipt recoverReceipt(@AuthenticationPrincipal final ApiPrincipal principal,
            @Valid @RequestBody final ReceiptRecovery recovery) {
        final ApiException notFound = new ApiException(HttpStatus.NOT_FOUND, "RECEIPT_NOT_FOUND",
                "no registered collection of your organisation was sent with this Idempotency-Key, or its record has"
                        + " expired");
        if (recovery.idempotencyKey() == null) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "INVALID_ARGUMENT", "idempotencyKey is required");
        }
        final Generated generated = writes.recall(principal.organisation(), recovery.idempotencyKey(), "generated",
                Generated.class).orElseThrow(() -> notFound);
        final String code;
        try {
            code = checkedCode(principal, generated.deviceId(), generated.receiptCode());
        } catch (ApiException e) {
            // Generated, but never registered (the first attempt failed before the ledger took it).
            throw "RECEIPT_NOT_FOUND".equals(e.code()) ? notFound : e;
        }
        final String url = portalUrl(generated.receiptCode());
        final String base = "/api/v1/collections/" + generated.deviceId();
        final DeviceView device = json.read(ledger.evaluate(principal.organisation(), "device", "GetDevice",
                generated.deviceId()), DeviceView.class);
        return new RecoveredReceipt(generated.deviceId(), code, device.state(),
                QrCode.of(url),
                new ReceiptLinks(base + "/receipt.png", base + "/receipt.svg"));
    }

    @GetMapping("/{deviceId}/receipt.png")
    @Operation(summary = "The receipt's QR code as PNG",
            description = "The clear receipt code is not stored: send it in X-Receipt-Code; it must match the"
                    + " device's receipt hash on the ledger.")
    ResponseEntity<byte[]> receiptPng(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable final String deviceId, @RequestHeader(RECEIPT_HEADER) final String receiptCode) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(QrCodes.png(portalUrl(checkedCode(principal, deviceId, receiptCode))));
    }

    @GetMapping("/{deviceId}/receipt.svg")
    @Operation(summary = "The receipt's QR code as SVG", description = "As receipt.png.")
    ResponseEntity<String> receiptSvg(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable final String deviceId, @RequestHeader(RECEIPT_HEADER) final String receiptCode) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("image/svg+xml"))
                .body(QrCodes.svg(portalUrl(checkedCode(principal, deviceId, receiptCode))));
    }

    private String checkedCode(final ApiPrincipal principal, final String deviceId, final String typed) {
        final String normalised = ReceiptCode.normalise(typed).orElseThrow(() -> new ApiException(
                HttpStatus.UNPROCESSABLE_ENTITY, "RECEIPT_CODE_INVALID", "not a well-formed receipt code"));
        final String hash = ReceiptCode.hash(normalised).orElseThrow();
        // An unknown device, one the caller may not read and a wrong code answer alike: the caller learns nothing
        // about devices that are not its own.
        final ApiException notFound = new ApiException(HttpStatus.NOT_FOUND, "RECEIPT_NOT_FOUND",
                "no device " + deviceId + " with this receipt code");
        final byte[] device;
        try {
            device = ledger.evaluate(principal.organisation(), "device", "GetDevice", deviceId);
        } catch (LedgerException e) {
            if (e.refusedAs(LedgerError.Category.NOT_FOUND, LedgerError.Category.ACCESS)) {
                throw notFound;
            }
            throw e;
        }
        final ReceiptHash onLedger = json.read(device, ReceiptHash.class);
        // The receipt is the collecting organisation's to print: every member may read the device on the channel,
        // but another organisation learns here no more than about a device that does not exist.
        if (!principal.mspId().equals(onLedger.collectorMspId())) {
            throw notFound;
        }
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                String.valueOf(onLedger.receiptHash()).getBytes(StandardCharsets.US_ASCII))) {
            throw notFound;
        }
        return grouped(normalised);
    }

    record ReceiptHash(String receiptHash, String collectorMspId) {}

    private String portalUrl(final String receiptCode) {
        return portalBaseUrl + "/verify/" + receiptCode;
    }

    private static String grouped(final String normalised) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < normalised.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append('-');
            }
            out.append(normalised.charAt(i));
        }
        return out.toString();
    }

    @PostMapping("/{deviceId}/identifiers/check")
    @Operation(summary = "Check identifiers against a device's commitment",
            description = "For the collecting organisation only: whether the IMEI and serial in hand are the ones the"
                    + " device's keyed identifier commitment was made of. Once the personal data is purged the key is"
                    + " gone and the answer is 410 PERSONAL_DATA_PURGED.")
    IdentifierCheckResponse checkIdentifiers(@AuthenticationPrincipal final ApiPrincipal principal,
            @PathVariable final String deviceId, @Valid @RequestBody final IdentifierCheck check) {
        final ApiException notHeld = new ApiException(HttpStatus.NOT_FOUND, "PERSONAL_DATA_NOT_FOUND",
                "no personal data of device " + deviceId + " is held by your organisation");
        if (!DEVICE_ID.matcher(deviceId).matches() || (check.imei() == null && check.serial() == null)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "INVALID_ARGUMENT",
                    "a device ID and an imei or serial are required");
        }
        final CommittedDevice device;
        try {
            device = json.read(ledger.evaluate(principal.organisation(), "device", "GetDevice", deviceId),
                    CommittedDevice.class);
        } catch (LedgerException e) {
            if (e.refusedAs(LedgerError.Category.NOT_FOUND, LedgerError.Category.ACCESS)) {
                throw notHeld;
            }
            throw e;
        }
        if (!principal.mspId().equals(device.collectorMspId())) {
            throw notHeld;
        }
        final Optional<DeviceKey> key = keys.find(principal.organisation(), deviceId);
        if (device.personalDataPurgedAt() != null || (key.isEmpty() && device.personalDataHash() != null)) {
            // Purged, or its key destroyed by a purge whose ledger write has not (yet) gone through.
            throw new ApiException(HttpStatus.GONE, "PERSONAL_DATA_PURGED",
                    "the personal data of device " + deviceId + " was purged; its identifiers can no longer be"
                            + " checked");
        }
        if (key.isEmpty()) {
            throw notHeld;
        }
        final byte[] expected = key.get().commitment(check.imei(), check.serial())
                .getBytes(StandardCharsets.US_ASCII);
        return new IdentifierCheckResponse(deviceId, MessageDigest.isEqual(expected,
                String.valueOf(device.identifierCommitment()).getBytes(StandardCharsets.US_ASCII)));
    }
}
