package io.wipetrace.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The token signing key: RSA 2048 in a PKCS#8 PEM file that only its owner can read, made on the first start and
 * kept, so tokens and the gateway's cached JWK set survive a restart. Its key ID is its RFC 7638 thumbprint.
 */
final class SigningKey {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private SigningKey() {}

    static RSAKey load(final Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                create(file);
            }
            OwnerOnlyFile.restrict(file);
            final String pem = Files.readString(file, StandardCharsets.US_ASCII);
            final byte[] der = Base64.getMimeDecoder().decode(pem.replace(BEGIN, "").replace(END, "").strip());
            final KeyFactory factory = KeyFactory.getInstance("RSA");
            final RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            final RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            final RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the signing key " + file, e);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("the signing key " + file + " is not an RSA PKCS#8 key", e);
        }
    }

    private static void create(final Path file) throws IOException, GeneralSecurityException {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        final KeyPair pair = generator.generateKeyPair();
        final String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n" + END + "\n";
        OwnerOnlyFile.write(file, pem.getBytes(StandardCharsets.US_ASCII));
    }
}
