package io.wipetrace.gateway.verify;

import java.io.IOException;
import org.springframework.http.ResponseEntity;

/**
 * Issues the certificate a consumer downloads with their receipt code. The verification endpoint needs one; the
 * certificate feature provides it, so that feature depends on this one and not the other way round.
 */
public interface ConsumerCertificates {

    /**
     * The certificate of a verified device; its QR code links to the portal's verify page.
     *
     * @param device the device the code belongs to
     * @param receiptCode the code as typed (already found valid)
     * @return the signed PDF as a download
     * @throws IOException when the certificate cannot be drawn or signed
     */
    ResponseEntity<byte[]> forConsumer(Verification device, String receiptCode) throws IOException;
}
