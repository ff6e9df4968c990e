package io.wipetrace.tools.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The demo wiping stations' keys that the network's registry step leaves under {@code <state>/stations}. */
public final class StationKeys {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private StationKeys() {}

    public static Path privateKeyFile(final Path state, final String stationId) {
        return state.resolve("stations").resolve(stationId).resolve("private.pem");
    }

    /** Reads a station's PKCS#8 PEM private key (ECDSA P-256, Ed25519, or SM2 through BouncyCastle). */
    public static PrivateKey privateKey(final Path state, final String stationId) throws IOException, GeneralSecurityException {
        final String pem = Files.readString(privateKeyFile(state, stationId));
        final byte[] der = Base64.getMimeDecoder().decode(pem
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", ""));
        final PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notP256) {
            try {
                return KeyFactory.getInstance("Ed25519").generatePrivate(spec);
            } catch (GeneralSecurityException notEd25519) {
                // sm2p256v1 is not a curve the JDK knows.
                return KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePrivate(spec);
            }
        }
    }

    /** Signs as a station does: base64 of the signature over the payload's bytes. */
    public static String sign(final PrivateKey key, final String algorithm, final byte[] payload) throws GeneralSecurityException {
        final Signature signature = switch (algorithm) {
            case "ECDSA_P256" -> Signature.getInstance("SHA256withECDSA");
            case "ED25519" -> Signature.getInstance("Ed25519");
            // With BouncyCastle's default user ID 1234567812345678, as the chaincode verifies it.
            case "SM2" -> Signature.getInstance("SM3withSM2", BOUNCY_CASTLE);
            default -> throw new IllegalArgumentException("no JCA signature for " + algorithm);
        };
        signature.initSign(key);
        signature.update(payload);
        return Base64.getEncoder().encodeToString(signature.sign());
    }
}
