package io.wipetrace.gateway.ledger;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import org.hyperledger.fabric.client.identity.Signer;

/**
 * Signs the digests of the gateway's Fabric messages (proposals, transactions, commit status requests) with the JDK's
 * own ECDSA, as Fabric wants them: DER-encoded, and with the low of the two valid {@code s} values (peers refuse the
 * other as malleable).
 *
 * <p>The Fabric client's own signer goes through Bouncy Castle with a key the JDK read, and precomputes the generator's
 * multiplication table for every signature (the key's curve parameters, generator included, are converted afresh each
 * time). In the gateway's flight recording under load, signing was a sixth of a REST collection's CPU (three
 * signatures a write), most of it that table; the JDK's own ECDSA took 0.15 against 0.25 ms of CPU a signature in a
 * four-thread micro-benchmark.
 */
final class EcdsaSigner implements Signer {

    private final PrivateKey key;
    private final BigInteger order;
    private final BigInteger halfOrder;

    private EcdsaSigner(final ECPrivateKey key) {
        this.key = key;
        this.order = key.getParams().getOrder();
        this.halfOrder = order.shiftRight(1);
    }

    /**
     * @param key an organisation's signing key: an EC key, as Fabric's identities have
     * @return its signer
     * @throws IllegalArgumentException for any other kind of key
     */
    static Signer of(final PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return new EcdsaSigner(ec);
        }
        throw new IllegalArgumentException("a Fabric identity signs with ECDSA; this key is " + key.getAlgorithm());
    }

    @Override
    public byte[] sign(final byte[] digest) throws GeneralSecurityException {
        // The message is the digest the client computed (Hash.SHA256): signed as it is, not hashed again.
        final Signature ecdsa = Signature.getInstance("NONEwithECDSA");
        ecdsa.initSign(key);
        ecdsa.update(digest);
        return lowS(ecdsa.sign());
    }

    /** The signature with {@code s} replaced by {@code order - s} when it is in the upper half; DER either way. */
    byte[] lowS(final byte[] der) throws SignatureException {
        final BigInteger[] rs = decode(der);
        return rs[1].compareTo(halfOrder) > 0 ? encode(rs[0], order.subtract(rs[1])) : der;
    }

    /** {@code SEQUENCE { INTEGER r, INTEGER s }}, as the JDK writes it for a 256-bit curve (short-form lengths). */
    static BigInteger[] decode(final byte[] der) throws SignatureException {
        if (der.length < 8 || der[0] != 0x30 || (der[1] & 0xff) != der.length - 2) {
            throw new SignatureException("not a DER ECDSA signature of a 256-bit curve");
        }
        final BigInteger[] rs = new BigInteger[2];
        int at = 2;
        for (int i = 0; i < 2; i++) {
            if (at + 2 > der.length || der[at] != 0x02) {
                throw new SignatureException("not a DER ECDSA signature of a 256-bit curve");
            }
            final int length = der[at + 1] & 0xff;
            if (length == 0 || length > 33 || at + 2 + length > der.length) {
                throw new SignatureException("not a DER ECDSA signature of a 256-bit curve");
            }
            final byte[] value = new byte[length];
            System.arraycopy(der, at + 2, value, 0, length);
            rs[i] = new BigInteger(value);
            at += 2 + length;
        }
        if (at != der.length) {
            throw new SignatureException("not a DER ECDSA signature of a 256-bit curve");
        }
        return rs;
    }

    static byte[] encode(final BigInteger r, final BigInteger s) {
        final byte[] rb = r.toByteArray();
        final byte[] sb = s.toByteArray();
        final byte[] der = new byte[6 + rb.length + sb.length];
        der[0] = 0x30;
        der[1] = (byte) (4 + rb.length + sb.length);
        der[2] = 0x02;
        der[3] = (byte) rb.length;
        System.arraycopy(rb, 0, der, 4, rb.length);
        der[4 + rb.length] = 0x02;
        der[5 + rb.length] = (byte) sb.length;
        System.arraycopy(sb, 0, der, 6 + rb.length, sb.length);
        return der;
    }
}
