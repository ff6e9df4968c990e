package io.wipetrace.gateway.certificate;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An organisation's Fabric client identity as a PDF signing key.
 *
 * @param mspId the organisation
 * @param certificate its client certificate
 * @param privateKey the certificate's private key
 * @param caCertificates the MSP's root CA certificates, possibly empty; the signature carries them
 */
public record SigningIdentity(String mspId, X509Certificate certificate, PrivateKey privateKey,
        List<X509Certificate> caCertificates) {}
