package io.wipetrace.chaincode.testing;

import io.wipetrace.proof.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A wiping station's key pair, made with JCA (the JDK for P-256 and Ed25519, a BouncyCastle provider instance for SM2,
 * never registered globally), so the chaincode's BouncyCastle lightweight verification is checked against an
 * independent signer.
 *
 * @param algorithm the algorithm
 * @param keys the key pair
 */
public record StationKey(SignatureAlgorithm algorithm, KeyPair keys) {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /**
     * Generates a key.
     *
     * @param algorithm the algorithm
     * @return the key
     */
    public static StationKey generate(final SignatureAlgorithm algorithm) {
        try {
            final KeyPairGenerator generator = switch (algorithm) {
                case ECDSA_P256 -> {
                    final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
                    ec.initialize(new ECGenParameterSpec("secp256r1"));
                    yield ec;
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
                case SM2 -> {
                    final KeyPairGenerator sm2 = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
                    sm2.initialize(new ECGenParameterSpec("sm2p256v1"));
                    yield sm2;
                }
            };
            return new StationKey(algorithm, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + algorithm + " key", e);
        }
    }

    /** @return base64 of the DER SubjectPublicKeyInfo, as RegisterStation takes it */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /**
     * Signs bytes as a station of this algorithm does.
     *
     * @param message the bytes
     * @return base64 of the signature
     */
    public String sign(final byte[] message) {
        try {
            final Signature signer = switch (algorithm) {
                case ECDSA_P256 -> Signature.getInstance("SHA256withECDSA");
                case ED25519 -> Signature.getInstance("Ed25519");
                case SM2 -> Signature.getInstance("SM3withSM2", BOUNCY_CASTLE);
            };
            signer.initSign(keys.getPrivate());
            signer.update(message);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with " + algorithm, e);
        }
    }
}
