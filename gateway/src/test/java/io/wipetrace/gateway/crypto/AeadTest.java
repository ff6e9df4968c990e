package io.wipetrace.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AeadTest {

    private static final byte[] AAD = "device WT1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "356938035643809".getBytes(StandardCharsets.UTF_8);

    @Test
    void opens_under_the_same_key_and_associated_data_only() {
        final byte[] key = Aead.newKey();
        final byte[] sealed = Aead.seal(key, AAD, VALUE);

        assertThat(Aead.open(key, AAD, sealed)).isEqualTo(VALUE);
        assertThat(sealed).hasSize(Aead.NONCE_BYTES + VALUE.length + 16);
        assertThatThrownBy(() -> Aead.open(Aead.newKey(), AAD, sealed)).isInstanceOf(Aead.Unreadable.class);
        assertThatThrownBy(() -> Aead.open(key, "device WT2".getBytes(StandardCharsets.UTF_8), sealed))
                .isInstanceOf(Aead.Unreadable.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> Aead.open(key, AAD, sealed)).isInstanceOf(Aead.Unreadable.class);
    }

    @Test
    void seals_the_same_value_differently_each_time() {
        final byte[] key = Aead.newKey();

        assertThat(Aead.seal(key, AAD, VALUE)).isNotEqualTo(Aead.seal(key, AAD, VALUE));
    }

    @Test
    void derives_hkdf_sha256_as_rfc_5869_test_case_1() {
        // RFC 5869 A.1: IKM 22 x 0x0b, salt 0x00..0x0c, info 0xf0..0xf9; the first 32 bytes of OKM.
        final HexFormat hex = HexFormat.of();
        final byte[] prk = Keys.hmac(hex.parseHex("000102030405060708090a0b0c"), hex.parseHex("0b".repeat(22)));
        assertThat(hex.formatHex(prk))
                .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(hex.formatHex(Keys.expand(prk, hex.parseHex("f0f1f2f3f4f5f6f7f8f9"))))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    }
}
