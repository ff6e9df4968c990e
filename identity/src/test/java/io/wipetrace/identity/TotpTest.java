package io.wipetrace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238, Appendix B: eight digits, each algorithm with its own seed. */
    @ParameterizedTest
    @CsvSource({
        "59, HmacSHA1, 94287082", "59, HmacSHA256, 46119246", "59, HmacSHA512, 90693936",
        "1111111109, HmacSHA1, 07081804", "1111111109, HmacSHA256, 68084774", "1111111109, HmacSHA512, 25091201",
        "1111111111, HmacSHA1, 14050471", "1111111111, HmacSHA256, 67062674", "1111111111, HmacSHA512, 99943326",
        "1234567890, HmacSHA1, 89005924", "1234567890, HmacSHA256, 91819424", "1234567890, HmacSHA512, 93441116",
        "2000000000, HmacSHA1, 69279037", "2000000000, HmacSHA256, 90698825", "2000000000, HmacSHA512, 38618901",
        "20000000000, HmacSHA1, 65353130", "20000000000, HmacSHA256, 77737706", "20000000000, HmacSHA512, 47863826"
    })
    void computes_the_rfc_6238_test_vectors(final long time, final String algorithm, final String expected) {
        final byte[] seed = switch (algorithm) {
            case "HmacSHA1" -> SHA1_SEED;
            case "HmacSHA256" -> SHA256_SEED;
            default -> SHA512_SEED;
        };
        assertThat(Totp.code(seed, Totp.step(Instant.ofEpochSecond(time)), 8, algorithm)).isEqualTo(expected);
    }

    /** RFC 4226, Appendix D: the six-digit HOTP values of counters 0 to 9. */
    @Test
    void computes_the_rfc_4226_hotp_values() {
        final String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(Totp.code(SHA1_SEED, counter, 6, "HmacSHA1")).as("counter %d", counter)
                    .isEqualTo(expected[counter]);
        }
    }

    @Test
    void accepts_the_current_code_and_one_step_of_drift_either_side() {
        final Instant now = Instant.ofEpochSecond(1_700_000_000L);
        final long step = Totp.step(now);
        assertThat(Totp.verify(SHA1_SEED, Totp.code(SHA1_SEED, now), now, 0)).hasValue(step);
        assertThat(Totp.verify(SHA1_SEED, Totp.code(SHA1_SEED, now.minusSeconds(30)), now, 0)).hasValue(step - 1);
        assertThat(Totp.verify(SHA1_SEED, Totp.code(SHA1_SEED, now.plusSeconds(30)), now, 0)).hasValue(step + 1);
        assertThat(Totp.verify(SHA1_SEED, Totp.code(SHA1_SEED, now.minusSeconds(90)), now, 0)).isEmpty();
    }

    @Test
    void refuses_a_code_of_a_step_already_used() {
        final Instant now = Instant.ofEpochSecond(1_700_000_000L);
        final String code = Totp.code(SHA1_SEED, now);
        assertThat(Totp.verify(SHA1_SEED, code, now, Totp.step(now))).isEmpty();
        assertThat(Totp.verify(SHA1_SEED, code, now, Totp.step(now) - 1)).isPresent();
    }

    @Test
    void refuses_malformed_codes() {
        final Instant now = Instant.ofEpochSecond(1_700_000_000L);
        assertThat(Totp.verify(SHA1_SEED, null, now, 0)).isEmpty();
        assertThat(Totp.verify(SHA1_SEED, "", now, 0)).isEmpty();
        assertThat(Totp.verify(SHA1_SEED, "12345a", now, 0)).isEmpty();
        assertThat(Totp.verify(SHA1_SEED, Totp.code(SHA1_SEED, now) + "0", now, 0)).isEmpty();
    }

    /** RFC 4648, section 10, without padding. */
    @Test
    void encodes_and_decodes_base32() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.base32("fooba".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTB");
        assertThat(Totp.base32("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(new String(Totp.fromBase32("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        final byte[] secret = Totp.newSecret();
        assertThat(Totp.fromBase32(Totp.base32(secret))).isEqualTo(secret);
    }

    @Test
    void writes_the_uri_authenticator_apps_scan() {
        assertThat(Totp.uri("WipeTrace", "regulator.auditor", SHA1_SEED)).isEqualTo(
                "otpauth://totp/WipeTrace:regulator.auditor?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=WipeTrace&algorithm=SHA1&digits=6&period=30");
    }
}
