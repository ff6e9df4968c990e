package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTORS = vectors();

    @Nested
    class AgainstTheRfc6962Vectors {

        @Test
        void gives_the_reference_root_for_every_prefix_of_the_reference_leaves() {
            final List<byte[]> leaves = referenceLeafHashes();
            for (int size = 1; size <= leaves.size(); size++) {
                assertThat(HEX.formatHex(MerkleTree.of(leaves.subList(0, size)).root()))
                        .as("root of the first %d leaves", size)
                        .isEqualTo(VECTORS.path("roots").get(size - 1).asText());
            }
        }

        @Test
        void gives_the_reference_audit_paths() {
            final List<byte[]> leaves = referenceLeafHashes();
            for (final JsonNode expected : VECTORS.path("inclusion")) {
                final int index = expected.path("leafIndex").asInt();
                final int size = expected.path("treeSize").asInt();
                final InclusionProof proof = MerkleTree.of(leaves.subList(0, size)).inclusionProof(index);
                final List<String> path = proof.path().stream().map(HEX::formatHex).toList();
                final List<String> reference = new ArrayList<>();
                expected.path("path").forEach(hash -> reference.add(hash.asText()));
                assertThat(path).as("path of leaf %d in a tree of %d", index, size).isEqualTo(reference);
            }
        }

        @Test
        void accepts_the_reference_audit_paths() {
            final List<byte[]> leaves = referenceLeafHashes();
            for (final JsonNode expected : VECTORS.path("inclusion")) {
                final int index = expected.path("leafIndex").asInt();
                final int size = expected.path("treeSize").asInt();
                final List<byte[]> path = new ArrayList<>();
                expected.path("path").forEach(hash -> path.add(HEX.parseHex(hash.asText())));
                final byte[] root = HEX.parseHex(VECTORS.path("roots").get(size - 1).asText());
                assertThat(MerkleTree.verify(leaves.get(index), new InclusionProof(index, size, path), root))
                        .as("leaf %d in a tree of %d", index, size)
                        .isTrue();
            }
        }
    }

    @Property(tries = 300)
    void every_leaf_of_any_tree_proves_its_inclusion(@ForAll @IntRange(min = 1, max = 300) final int size,
            @ForAll @IntRange(min = 0, max = 299) final int pick) {
        final MerkleTree tree = MerkleTree.of(distinctLeaves(size));
        final int index = pick % size;

        assertThat(MerkleTree.verify(leafOf(index), tree.inclusionProof(index), tree.root())).isTrue();
    }

    @Property(tries = 300)
    void a_proof_fails_for_another_leaf_a_flipped_bit_or_a_path_cut_short_or_padded(
            @ForAll @IntRange(min = 2, max = 300) final int size, @ForAll @IntRange(min = 0, max = 299) final int pick,
            @ForAll @IntRange(min = 0, max = 255) final int bit) {
        final MerkleTree tree = MerkleTree.of(distinctLeaves(size));
        final int index = pick % size;
        final InclusionProof proof = tree.inclusionProof(index);
        final byte[] root = tree.root();

        assertThat(MerkleTree.verify(leafOf((index + 1) % size), proof, root)).as("another leaf").isFalse();

        final List<byte[]> flipped = new ArrayList<>(proof.path());
        final int step = bit % flipped.size();
        final byte[] sibling = flipped.get(step).clone();
        sibling[bit / 8] ^= (byte) (1 << (bit % 8));
        flipped.set(step, sibling);
        assertThat(MerkleTree.verify(leafOf(index), new InclusionProof(index, size, flipped), root))
                .as("a flipped bit in the path").isFalse();

        final List<byte[]> cut = proof.path().subList(0, proof.path().size() - 1);
        assertThat(MerkleTree.verify(leafOf(index), new InclusionProof(index, size, cut), root))
                .as("a path cut short").isFalse();
        final List<byte[]> padded = new ArrayList<>(proof.path());
        padded.add(root);
        assertThat(MerkleTree.verify(leafOf(index), new InclusionProof(index, size, padded), root))
                .as("a path with an extra step").isFalse();
    }

    @Test
    void keeps_leaves_and_nodes_apart() {
        final byte[] a = MerkleTree.leafHash(new byte[] {1});
        final byte[] b = MerkleTree.leafHash(new byte[] {2});
        final byte[] concatenated = new byte[64];
        System.arraycopy(a, 0, concatenated, 0, 32);
        System.arraycopy(b, 0, concatenated, 32, 32);

        // A two-leaf root is not the hash of a leaf whose data is the two leaf hashes.
        assertThat(MerkleTree.of(List.of(a, b)).root()).isNotEqualTo(MerkleTree.leafHash(concatenated));
    }

    @Test
    void refuses_an_empty_tree_a_short_hash_and_a_leaf_out_of_range() {
        assertThatIllegalArgumentException().isThrownBy(() -> MerkleTree.of(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> MerkleTree.of(List.of(new byte[31])));
        assertThatThrownBy(() -> MerkleTree.of(distinctLeaves(3)).inclusionProof(3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static List<byte[]> referenceLeafHashes() {
        final List<byte[]> hashes = new ArrayList<>();
        VECTORS.path("leaves").forEach(leaf -> hashes.add(MerkleTree.leafHash(HEX.parseHex(leaf.asText()))));
        return hashes;
    }

    private static List<byte[]> distinctLeaves(final int size) {
        final List<byte[]> leaves = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            leaves.add(leafOf(i));
        }
        return leaves;
    }

    private static byte[] leafOf(final int i) {
        return MerkleTree.leafHash(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode vectors() {
        try (InputStream in = MerkleTreeTest.class.getResourceAsStream("/merkle-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
