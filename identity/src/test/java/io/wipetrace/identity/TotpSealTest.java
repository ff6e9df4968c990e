package io.wipetrace.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotpSealTest {

    @TempDir
    Path dir;

    @Test
    void opens_what_it_sealed_for_the_same_subject_and_key_file_only() {
        final Path keyFile = dir.resolve("totp.key");
        final TotpSeal seal = new TotpSeal(keyFile);
        final byte[] secret = Totp.newSecret();

        final byte[] sealed = seal.seal("p-aaaaaaaaaaaaaaaaaaaaaaaaaa", secret);

        assertThat(new TotpSeal(keyFile).open("p-aaaaaaaaaaaaaaaaaaaaaaaaaa", sealed)).as("the key file read again")
                .isEqualTo(secret);
        assertThatIllegalStateException().as("another account's row")
                .isThrownBy(() -> seal.open("p-bbbbbbbbbbbbbbbbbbbbbbbbbb", sealed));
        assertThatIllegalStateException().as("another key")
                .isThrownBy(() -> new TotpSeal(dir.resolve("other.key")).open("p-aaaaaaaaaaaaaaaaaaaaaaaaaa", sealed));
    }

    @Test
    void refuses_an_altered_seal_and_never_stores_the_secret_in_its_bytes() {
        final TotpSeal seal = new TotpSeal(dir.resolve("totp.key"));
        final byte[] secret = Totp.newSecret();
        final byte[] sealed = seal.seal("p-aaaaaaaaaaaaaaaaaaaaaaaaaa", secret);

        assertThat(sealed).hasSize(1 + 12 + secret.length + 16);
        assertThat(contains(sealed, secret)).isFalse();
        assertThat(seal.seal("p-aaaaaaaaaaaaaaaaaaaaaaaaaa", secret)).as("a fresh nonce each time").isNotEqualTo(sealed);
        for (final int at : new int[] {0, 5, sealed.length - 1}) {
            final byte[] altered = sealed.clone();
            altered[at] ^= 1;
            assertThatIllegalStateException().as("byte %d flipped", at)
                    .isThrownBy(() -> seal.open("p-aaaaaaaaaaaaaaaaaaaaaaaaaa", altered));
        }
    }

    @Test
    void makes_its_key_file_for_its_owner_only_and_refuses_a_file_that_is_not_a_key() throws IOException {
        final Path keyFile = dir.resolve("keys/totp.key");
        new TotpSeal(keyFile);
        assertThat(Files.size(keyFile)).isEqualTo(32);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        final Path wrong = dir.resolve("short.key");
        Files.write(wrong, new byte[16]);
        assertThatIllegalStateException().isThrownBy(() -> new TotpSeal(wrong)).withMessageContaining("16 bytes");
    }

    /** Whether {@code needle} occurs in {@code haystack}, byte for byte (also the migration test's file search). */
    static boolean contains(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
