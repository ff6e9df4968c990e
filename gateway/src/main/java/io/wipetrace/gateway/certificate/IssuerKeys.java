package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.identity.Identities;
import org.springframework.http.HttpStatus;

/**
 * The organisations' Fabric client identities (certificate and private key, from {@code wipetrace.fabric.identities})
 * as certificate signing keys, with the MSP's CA certificates ({@code msp/cacerts} beside {@code msp/signcerts}) so
 * that a signature carries its chain.
 */
final class IssuerKeys {

    private final FabricProperties fabric;
    private final Map<String, SigningIdentity> loaded = new ConcurrentHashMap<>();

    IssuerKeys(final FabricProperties fabric) {
        this.fabric = fabric;
    }

    /**
     * @param mspId an organisation's MSP ID
     * @return its signing key
     * @throws ApiException 503 CERTIFICATE_ISSUER_UNAVAILABLE if this gateway holds no identity of it
     */
    SigningIdentity forMsp(final String mspId) {
        return loaded.computeIfAbsent(mspId, id -> fabric.identities().values().stream()
                .filter(identity -> identity.mspId().equals(id))
                .findFirst()
                .map(identity -> load(id, identity))
                .orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CERTIFICATE_ISSUER_UNAVAILABLE",
                        "This gateway holds no identity of " + id + ", the organisation that issues this device's"
                                + " certificate; ask that organisation's gateway.")));
    }

    private static SigningIdentity load(final String mspId, final FabricProperties.Identity identity) {
        try {
            final X509Certificate certificate;
            try (Reader reader = Files.newBufferedReader(identity.certificate())) {
                certificate = Identities.readX509Certificate(reader);
            }
            final Path keyFile;
            try (Stream<Path> files = Files.list(identity.keyDirectory())) {
                keyFile = files.filter(Files::isRegularFile).findFirst()
                        .orElseThrow(() -> new IOException("no key file in " + identity.keyDirectory()));
            }
            final PrivateKey key;
            try (Reader reader = Files.newBufferedReader(keyFile)) {
                key = Identities.readPrivateKey(reader);
            }
            return new SigningIdentity(mspId, certificate, key, caCertificates(identity.certificate()));
        } catch (IOException | CertificateException | InvalidKeyException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CERTIFICATE_ISSUER_UNAVAILABLE",
                    "The signing identity of " + mspId + " cannot be read: " + e.getMessage());
        }
    }

    /** MSP layout: {@code msp/signcerts/<cert>.pem} beside {@code msp/cacerts/*.pem}. */
    private static List<X509Certificate> caCertificates(final Path certificate) throws IOException, CertificateException {
        final Path msp = certificate.toAbsolutePath().getParent().getParent();
        final Path cacerts = msp == null ? null : msp.resolve("cacerts");
        final List<X509Certificate> cas = new ArrayList<>();
        if (cacerts == null || !Files.isDirectory(cacerts)) {
            return cas;
        }
        final CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (Stream<Path> files = Files.list(cacerts)) {
            for (final Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    factory.generateCertificates(in).forEach(c -> cas.add((X509Certificate) c));
                }
            }
        }
        return cas;
    }
}
