package io.wipetrace.gateway.ledger;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.client.identity.Identities;

/** Writes an msp-like directory (certificate, keystore with priv_sk, TLS CA) as cryptogen lays it out. */
final class TestIdentities {

    private TestIdentities() {}

    /** Paths as network.yml names them. */
    record MspFiles(Path certificate, Path keyDirectory, Path tlsRootCert) {}

    static MspFiles write(final Path dir, final String commonName) throws IOException, GeneralSecurityException {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair keyPair = generator.generateKeyPair();
        final Instant now = Instant.now();
        final X500Name subject = new X500Name("CN=" + commonName);
        final var builder = new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                subject,
                keyPair.getPublic());
        final X509Certificate certificate;
        try {
            final var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
            certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }

        final Path signcerts = Files.createDirectories(dir.resolve("signcerts"));
        final Path keystore = Files.createDirectories(dir.resolve("keystore"));
        final Path tls = Files.createDirectories(dir.resolve("tls"));
        final Path certFile =
                Files.writeString(signcerts.resolve(commonName + "-cert.pem"), Identities.toPemString(certificate));
        Files.writeString(keystore.resolve("priv_sk"), Identities.toPemString(keyPair.getPrivate()));
        final Path tlsRoot = Files.writeString(tls.resolve("ca.crt"), Identities.toPemString(certificate));
        return new MspFiles(certFile, keystore, tlsRoot);
    }
}
