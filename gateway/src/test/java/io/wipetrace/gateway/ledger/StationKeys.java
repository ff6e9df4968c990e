package io.wipetrace.gateway.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** The demo wiping stations' keys that the network's registry step leaves under {@code <state>/stations}. */
public final class StationKeys {

    private StationKeys() {}

    public static Path privateKeyFile(final Path state, final String stationId) {
        return state.resolve("stations").resolve(stationId).resolve("private.pem");
    }

    /** Reads a station's PKCS#8 PEM private key (ECDSA P-256 or Ed25519). */
    public static PrivateKey privateKey(final Path state, final String stationId) throws IOException, GeneralSecurityException {
        final String pem = Files.readString(privateKeyFile(state, stationId));
        final byte[] der = Base64.getMimeDecoder().decode(pem
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", ""));
        final PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("Ed25519").generatePrivate(spec);
        }
    }

    /** Signs as a station does: base64 of the signature over the payload's bytes. */
    public static String sign(final PrivateKey key, final String algorithm, final byte[] payload) throws GeneralSecurityException {
        final Signature signature = Signature.getInstance(switch (algorithm) {
            case "ECDSA_P256" -> "SHA256withECDSA";
            case "ED25519" -> "Ed25519";
            default -> throw new IllegalArgumentException("no JCA signature for " + algorithm);
        });
        signature.initSign(key);
        signature.update(payload);
        return Base64.getEncoder().encodeToString(signature.sign());
    }
}
