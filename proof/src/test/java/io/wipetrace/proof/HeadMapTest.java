package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HeadMapTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void builds_the_roots_and_proofs_of_the_shared_vectors() throws IOException {
        for (final JsonNode map : vectors().path("maps")) {
            final List<HeadMap.Head> heads = new ArrayList<>();
            map.path("entries").forEach(e -> heads.add(head(e)));
            final HeadMap built = HeadMap.of(heads);
            assertThat(HEX.formatHex(built.root())).isEqualTo(map.path("root").asText());
            for (final JsonNode entry : map.path("entries")) {
                final HeadMap.Proof proof = built.proof(entry.path("key").asText()).orElseThrow();
                assertThat(proof.path().stream().map(HEX::formatHex).toList())
                        .as("path of %s", entry.path("key").asText())
                        .isEqualTo(texts(entry.path("path")));
            }
        }
    }

    @Test
    void accepts_every_proof_of_the_shared_vectors_and_refuses_a_changed_head() throws IOException {
        for (final JsonNode map : vectors().path("maps")) {
            final byte[] root = HEX.parseHex(map.path("root").asText());
            for (final JsonNode entry : map.path("entries")) {
                final List<byte[]> path = texts(entry.path("path")).stream().map(HEX::parseHex).toList();
                final HeadMap.Head head = head(entry);
                assertThat(HeadMap.verify(new HeadMap.Proof(head, path), root)).isTrue();
                assertThat(HeadMap.verify(new HeadMap.Proof(
                        new HeadMap.Head(head.key(), head.sequence() + 1, head.leaf()), path), root)).isFalse();
                assertThat(HeadMap.verify(new HeadMap.Proof(
                        new HeadMap.Head(head.key(), head.sequence(), sha256("other")), path), root)).isFalse();
            }
        }
    }

    @Test
    void gives_the_shared_anchor_root() throws IOException {
        final JsonNode vector = vectors().path("anchorRoot");
        assertThat(HEX.formatHex(HeadMap.anchorRoot(HEX.parseHex(vector.path("eventsRoot").asText()),
                HEX.parseHex(vector.path("headsRoot").asText())))).isEqualTo(vector.path("merkleRoot").asText());
    }

    @Test
    void refuses_two_heads_for_one_key() {
        assertThatIllegalArgumentException().isThrownBy(() -> HeadMap.of(List.of(
                new HeadMap.Head("device:DEV-1", 0, sha256("a")), new HeadMap.Head("device:DEV-1", 1, sha256("b")))))
                .withMessageContaining("device:DEV-1");
    }

    @Test
    void has_no_proof_for_a_key_it_does_not_hold() {
        final HeadMap map = HeadMap.of(List.of(new HeadMap.Head("device:DEV-1", 0, sha256("a")),
                new HeadMap.Head("device:DEV-2", 3, sha256("b"))));
        assertThat(map.proof("device:DEV-3")).isEmpty();
        assertThat(HeadMap.of(List.of()).proof("device:DEV-1")).isEmpty();
    }

    @Property(tries = 30)
    void proves_every_head_and_no_other_key_holds_under_the_root(@ForAll @IntRange(min = 1, max = 300) int size) {
        final List<HeadMap.Head> heads = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            heads.add(new HeadMap.Head("device:DEV-" + i, i % 7, sha256("leaf " + i)));
        }
        final HeadMap map = HeadMap.of(heads);
        final byte[] root = map.root();
        for (final HeadMap.Head head : heads) {
            final HeadMap.Proof proof = map.proof(head.key()).orElseThrow();
            assertThat(HeadMap.verify(proof, root)).isTrue();
            // The same siblings cannot prove the head under another key.
            assertThat(HeadMap.verify(new HeadMap.Proof(
                    new HeadMap.Head(head.key() + "x", head.sequence(), head.leaf()), proof.path()), root)).isFalse();
        }
    }

    @Test
    void an_older_head_of_a_key_does_not_prove_under_the_newer_map() {
        final List<HeadMap.Head> before = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            before.add(new HeadMap.Head("device:DEV-" + i, 0, sha256("first " + i)));
        }
        final HeadMap old = HeadMap.of(before);
        final List<HeadMap.Head> after = new ArrayList<>(before);
        after.set(7, new HeadMap.Head("device:DEV-7", 1, sha256("second 7")));
        final HeadMap newer = HeadMap.of(after);
        assertThat(HeadMap.verify(old.proof("device:DEV-7").orElseThrow(), newer.root())).isFalse();
        assertThat(HeadMap.verify(newer.proof("device:DEV-7").orElseThrow(), newer.root())).isTrue();
    }

    private static HeadMap.Head head(final JsonNode entry) {
        return new HeadMap.Head(entry.path("key").asText(), entry.path("sequence").asLong(),
                HEX.parseHex(entry.path("leaf").asText()));
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode vectors() throws IOException {
        try (InputStream in = HeadMapTest.class.getResourceAsStream("/heads-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
