package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import org.hyperledger.fabric.client.identity.Signer;
import org.junit.jupiter.api.Test;

class EcdsaSignerTest {

    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private final KeyPair keys = p256();

    @Test
    void signs_the_digest_itself_with_a_low_s_that_verifies_against_the_public_key() throws Exception {
        final Signer signer = EcdsaSigner.of(keys.getPrivate());
        final Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            final byte[] message = new byte[1 + random.nextInt(200)];
            random.nextBytes(message);
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);

            final byte[] signature = signer.sign(digest);

            final BigInteger[] rs = EcdsaSigner.decode(signature);
            assertThat(rs[1]).as("s of signature %d", i).isLessThanOrEqualTo(P256_ORDER.shiftRight(1));
            // As a peer checks it: ECDSA over SHA-256 of the message (the signer was given its digest).
            final Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(keys.getPublic());
            verifier.update(message);
            assertThat(verifier.verify(signature)).as("signature %d", i).isTrue();
        }
    }

    @Test
    void signs_p256_keys_through_its_own_arithmetic_and_other_curves_through_the_jdk() throws Exception {
        assertThat(((EcdsaSigner) EcdsaSigner.of(keys.getPrivate())).onP256()).isTrue();

        final KeyPair p384 = keyPair("secp384r1");
        final EcdsaSigner signer = (EcdsaSigner) EcdsaSigner.of(p384.getPrivate());
        assertThat(signer.onP256()).isFalse();
        final BigInteger order = ((java.security.interfaces.ECPrivateKey) p384.getPrivate()).getParams().getOrder();
        for (int i = 0; i < 20; i++) {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(("transaction " + i).getBytes());
            final byte[] signature = signer.sign(digest);
            assertThat(EcdsaSigner.decode(signature)[1]).isLessThanOrEqualTo(order.shiftRight(1));
            final Signature verifier = Signature.getInstance("NONEwithECDSA");
            verifier.initVerify(p384.getPublic());
            verifier.update(digest);
            assertThat(verifier.verify(signature)).as("P-384 signature %d", i).isTrue();
        }
        // A curve whose signatures would need long-form DER lengths is refused.
        assertThatThrownBy(() -> EcdsaSigner.of(keyPair("secp521r1").getPrivate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("521 bits");
    }

    @Test
    void turns_a_high_s_into_its_low_twin_which_still_verifies() throws Exception {
        final EcdsaSigner signer = (EcdsaSigner) EcdsaSigner.of(keys.getPrivate());
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest("a transaction".getBytes());
        final Signature raw = Signature.getInstance("NONEwithECDSA");
        raw.initSign(keys.getPrivate());
        raw.update(digest);
        final BigInteger[] rs = EcdsaSigner.decode(raw.sign());
        final BigInteger high = rs[1].compareTo(P256_ORDER.shiftRight(1)) > 0 ? rs[1] : P256_ORDER.subtract(rs[1]);
        final byte[] highS = EcdsaSigner.encode(rs[0], high);

        final byte[] low = signer.lowS(highS);

        assertThat(EcdsaSigner.decode(low)).containsExactly(rs[0], P256_ORDER.subtract(high));
        final Signature verifier = Signature.getInstance("NONEwithECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(digest);
        assertThat(verifier.verify(low)).isTrue();
        // Already low: unchanged.
        assertThat(signer.lowS(low)).isEqualTo(low);
    }

    @Test
    void refuses_bytes_that_are_not_a_der_signature() {
        final EcdsaSigner signer = (EcdsaSigner) EcdsaSigner.of(keys.getPrivate());
        assertThatThrownBy(() -> signer.lowS(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> signer.lowS(new byte[] {0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void takes_only_ec_keys() throws Exception {
        final KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> EcdsaSigner.of(ed25519.getPrivate())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EdDSA");
    }

    private static KeyPair p256() {
        return keyPair("secp256r1");
    }

    private static KeyPair keyPair(final String curve) {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
