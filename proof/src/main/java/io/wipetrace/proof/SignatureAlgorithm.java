package io.wipetrace.proof;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The signature algorithms a wiping station's key may use, with how its public key is encoded and how its signatures
 * are checked: one implementation for the chaincode, which checks every erasure record before it is written, and every
 * verifier of a proof bundle. BouncyCastle's lightweight API does the work, so no JCA provider is registered (no global
 * state, nothing that differs between peers).
 */
public enum SignatureAlgorithm {
    /** ECDSA on NIST P-256 over SHA-256 ({@code SHA256withECDSA}); the signature is the DER SEQUENCE of r and s. */
    ECDSA_P256 {
        @Override
        boolean identifies(final AlgorithmIdentifier id) {
            return X9ObjectIdentifiers.id_ecPublicKey.equals(id.getAlgorithm())
                    && SECObjectIdentifiers.secp256r1.equals(namedCurve(id));
        }

        @Override
        Signer verifier() {
            return new DSADigestSigner(new ECDSASigner(), SHA256Digest.newInstance());
        }
    },
    /** Ed25519 (RFC 8032, pure); the signature is 64 bytes. */
    ED25519 {
        @Override
        boolean identifies(final AlgorithmIdentifier id) {
            return ID_ED25519.equals(id.getAlgorithm()) && id.getParameters() == null;
        }

        @Override
        Signer verifier() {
            return new Ed25519Signer();
        }
    },
    /**
     * SM2 over SM3 ({@code SM3withSM2}, GB/T 32918) with the default user ID {@code 1234567812345678}; the key is an
     * {@code id-ecPublicKey} on curve {@code sm2p256v1}; the signature is the DER SEQUENCE of r and s.
     */
    SM2 {
        @Override
        boolean identifies(final AlgorithmIdentifier id) {
            return X9ObjectIdentifiers.id_ecPublicKey.equals(id.getAlgorithm())
                    && GMObjectIdentifiers.sm2p256v1.equals(namedCurve(id));
        }

        @Override
        Signer verifier() {
            return new SM2Signer();
        }
    };

    /** id-Ed25519 (RFC 8410). */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    /**
     * Checks that {@code encoded} is the DER encoding of an X.509 SubjectPublicKeyInfo holding a valid public key for
     * this algorithm (for the elliptic curves, a point on the named curve).
     *
     * @param encoded the DER bytes
     * @return true if it is
     */
    public boolean acceptsPublicKey(final byte[] encoded) {
        return key(encoded) != null;
    }

    /**
     * Verifies a signature.
     *
     * @param encodedKey DER SubjectPublicKeyInfo, as registered
     * @param message the signed bytes
     * @param signature the signature
     * @return true if the signature is valid for the message under the key
     */
    public boolean verify(final byte[] encodedKey, final byte[] message, final byte[] signature) {
        final AsymmetricKeyParameter key = key(encodedKey);
        if (key == null) {
            return false;
        }
        final Signer signer = verifier();
        try {
            signer.init(false, key);
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            // Malformed signatures (bad DER, wrong length) surface as runtime exceptions from BouncyCastle.
            return false;
        }
    }

    abstract boolean identifies(AlgorithmIdentifier id);

    abstract Signer verifier();

    private AsymmetricKeyParameter key(final byte[] encoded) {
        try {
            final ASN1Primitive asn1 = ASN1Primitive.fromByteArray(encoded);
            final SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(asn1);
            // Only the one DER encoding is accepted, so a registered key has exactly one textual form.
            if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), encoded) || !identifies(info.getAlgorithm())) {
                return null;
            }
            final AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
            return key.isPrivate() ? null : key;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ASN1ObjectIdentifier namedCurve(final AlgorithmIdentifier id) {
        return id.getParameters() instanceof ASN1ObjectIdentifier curve ? curve : null;
    }
}
