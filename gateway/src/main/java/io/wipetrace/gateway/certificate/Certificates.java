package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.anchoring.ProofBundles;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.verify.ConsumerCertificates;
import io.wipetrace.gateway.verify.Verification;
import io.wipetrace.gateway.web.ApiException;
import io.wipetrace.proof.Sha256;
import io.wipetrace.proof.bundle.ProofBundle;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issues a device's erasure and destruction certificate: gathers the facts (the consumer's view of the device, the
 * anchors and the hash of the proof bundle exactly as served), draws the PDF and signs it as the organisation that
 * holds the device at the end of its journey — the one that did the last step (storage destruction, smelting) and
 * answers for it. Nothing is stored; every download is issued afresh from the ledger's projection.
 */
public final class Certificates implements ConsumerCertificates {

    private static final HexFormat HEX = HexFormat.of();

    private final SignedPdfs pdfs;
    private final ObjectProvider<ProofBundles> bundles;
    private final String portalBaseUrl;
    private final Trust trust;
    private final Clock clock;

    /**
     * What the certificate states about the alliance's anchoring.
     *
     * @param anchorContract the anchor contract's address, or {@code null} where this gateway does not anchor
     * @param trustFileSha256 hex SHA-256 of the trust file's bytes, or {@code null} when none is configured
     */
    record Trust(String anchorContract, String trustFileSha256) {}

    Certificates(final SignedPdfs pdfs, final ObjectProvider<ProofBundles> bundles, final String portalBaseUrl, final Trust trust,
            final Clock clock) {
        this.pdfs = pdfs;
        this.bundles = bundles;
        this.portalBaseUrl = portalBaseUrl.endsWith("/")
                ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1) : portalBaseUrl;
        this.trust = trust;
        this.clock = clock;
    }

    /**
     * The certificate a consumer downloads with their receipt code; its QR code links to the portal's verify page.
     *
     * @param device the device the code belongs to
     * @param receiptCode the code as typed (already found valid)
     * @return the signed PDF as a download
     */
    @Override
    public ResponseEntity<byte[]> forConsumer(final Verification device, final String receiptCode) throws IOException {
        final String code = ReceiptCode.normalise(receiptCode).orElseThrow();
        return download(device, portalBaseUrl + "/verify/" + code);
    }

    /**
     * The certificate of any device for the regulator: the same facts, without a QR code (there is no receipt code
     * to link to, and the portal's verify page is the consumer's).
     *
     * @param device the device
     * @return the signed PDF as a download
     */
    public ResponseEntity<byte[]> forRegulator(final Verification device) throws IOException {
        return download(device, null);
    }

    private ResponseEntity<byte[]> download(final Verification device, final String verifyUrl) throws IOException {
        final byte[] signed = issue(device, verifyUrl);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"wipetrace-certificate-" + device.deviceId() + ".pdf\"")
                .body(signed);
    }

    byte[] issue(final Verification device, final String verifyUrl) throws IOException {
        // A certificate says the data is gone: only a verified erasure or destroyed storage says so.
        final String refusal = device.certificateRefusal();
        if (Verification.DEVICE_MISSING.equals(refusal)) {
            throw new ApiException(HttpStatus.CONFLICT, refusal, "The device was not found on arrival in a handover"
                    + " and is recorded as missing; no certificate is issued for a device nobody holds.");
        }
        if (Verification.RETURNED_TO_OWNER.equals(refusal)) {
            throw new ApiException(HttpStatus.CONFLICT, refusal, "The device was returned to its owner unwiped; the"
                    + " recycler erased nothing, so there is no certificate for it.");
        }
        if (Verification.NOTHING_TO_CERTIFY.equals(refusal)) {
            throw new ApiException(HttpStatus.CONFLICT, refusal, "The device has been neither wiped nor destroyed"
                    + " yet; its certificate can be issued once its data is verifiably gone.");
        }
        if (refusal != null) {
            throw new ApiException(HttpStatus.CONFLICT, refusal, "The device's wipe is not a verified erasure (result"
                    + " ERASED with FULL verification) and its storage is not destroyed yet; its certificate can be"
                    + " issued once the storage is destroyed.");
        }
        final String issuer = device.custodian();
        final Optional<ProofBundle> bundle = bundle(device.deviceId());
        final Instant now = clock.instant();
        final CertificateFacts facts = new CertificateFacts(device, anchors(bundle), bundle.map(b -> Sha256.hex(
                ProofBundles.serialised(b))).orElse(null), trust.anchorContract(), trust.trustFileSha256(), verifyUrl,
                issuer, now);
        return pdfs.issue(issuer, CertificatePdf.REASON, now, w -> CertificatePdf.draw(w, facts),
                info -> CertificatePdf.info(info, facts));
    }

    private Optional<ProofBundle> bundle(final String deviceId) throws IOException {
        final ProofBundles source = bundles.getIfAvailable();
        if (source == null) {
            return Optional.empty();
        }
        return source.forDevice(deviceId);
    }

    private static List<CertificateFacts.Anchor> anchors(final Optional<ProofBundle> bundle) {
        return bundle.map(b -> b.anchors().values().stream().map(anchor -> new CertificateFacts.Anchor(
                anchor.sequence(), anchor.chainId(), anchor.contractAddress(), anchor.evmTransaction(),
                anchor.evmBlock())).toList()).orElse(List.of());
    }
}
