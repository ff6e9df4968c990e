package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void hashes_the_published_test_vectors_of_fips_180_2() {
        // FIPS 180-2, appendix B.1 and B.2.
        assertThat(Sha256.hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        assertThat(Sha256.hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void hashes_text_as_its_utf8_bytes_and_parts_as_their_concatenation() {
        final String text = "Zürich – 深圳";
        assertThat(Sha256.hex(text)).isEqualTo(Sha256.hex(text.getBytes(StandardCharsets.UTF_8)));
        final var parts = Sha256.newDigest();
        parts.update("Zür".getBytes(StandardCharsets.UTF_8));
        parts.update("ich – 深圳".getBytes(StandardCharsets.UTF_8));
        assertThat(parts.digest()).isEqualTo(Sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(Sha256.digest(new byte[] {1})).hasSize(32);
    }
}
