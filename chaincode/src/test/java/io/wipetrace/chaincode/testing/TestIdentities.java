package io.wipetrace.chaincode.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Serialised client identities as a Fabric peer hands them to chaincode: an MSP ID and a PEM X.509 certificate, so
 * that the shim's real {@code ClientIdentity} parses them.
 */
public final class TestIdentities {

    private static final Map<String, byte[]> CREATORS = new ConcurrentHashMap<>();

    private TestIdentities() {}

    /**
     * The serialised identity of a client of an MSP (one per MSP, made once per test run).
     *
     * @param mspId the MSP ID
     * @return {@code SerializedIdentity} bytes
     */
    public static byte[] creator(final String mspId) {
        return CREATORS.computeIfAbsent(mspId, TestIdentities::newCreator);
    }

    private static byte[] newCreator(final String mspId) {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            final KeyPair keys = generator.generateKeyPair();
            final X500Name subject = new X500Name("CN=client,OU=client,O=" + mspId);
            final Instant now = Instant.now();
            final X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(
                            subject,
                            BigInteger.valueOf(Math.abs((long) mspId.hashCode()) + 1),
                            Date.from(now.minus(1, ChronoUnit.DAYS)),
                            Date.from(now.plus(365, ChronoUnit.DAYS)),
                            subject,
                            keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            final String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            return SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(com.google.protobuf.ByteString.copyFromUtf8(pem))
                    .build()
                    .toByteArray();
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("Cannot make a test identity for " + mspId, e);
        }
    }
}
