package io.wipetrace.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * An event's public form and the hash that chains a device's events (docs/proof-bundle.md, hash rules 1 and 6).
 *
 * <p>Text a partner types is written to the ledger as a <em>text commitment</em>, an object whose members are exactly
 * {@code sha256}, {@code salt} and {@code text}, where {@code sha256} is the hex SHA-256 of the salt's 32 bytes
 * followed by the text's UTF-8 bytes. The event's public form is the event with every such object reduced to its
 * {@code sha256}: leaves, the previous-event hash and public proof bundles are computed over it, so a public bundle
 * can leave the text out and still verify, while whoever holds the text and its salt can show that it is the text the
 * ledger committed to. An event that holds no commitment is its own public form.
 */
public final class PublicForm {

    /** The member of a device event that names the hash of the device's previous event (absent for sequence 0). */
    public static final String PREVIOUS_EVENT_HASH = "previousEventHash";
    /** The members of a text commitment. */
    public static final Set<String> COMMITMENT_MEMBERS = Set.of("salt", "sha256", "text");
    /** Length of a commitment's salt, in bytes. */
    public static final int SALT_LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private PublicForm() {}

    /**
     * @param node any JSON value
     * @return whether it is a text commitment (an object of exactly {@code sha256}, {@code salt} and {@code text})
     */
    public static boolean isCommitment(final JsonNode node) {
        if (!node.isObject() || node.size() != COMMITMENT_MEMBERS.size()) {
            return false;
        }
        final Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.equals(COMMITMENT_MEMBERS);
    }

    /**
     * The text a member holds, whether written in clear (events written before the chaincode committed texts, and
     * identifiers) or as a text commitment.
     *
     * @param member a member's value, or {@code null}
     * @return its text; {@code null} when absent, JSON null, or a commitment reduced to its hash (public form)
     */
    public static String text(final JsonNode member) {
        if (member == null || member.isNull() || member.isMissingNode()) {
            return null;
        }
        if (isCommitment(member)) {
            return member.get("text").asText();
        }
        if (member.isObject() && member.size() == 1 && member.has("sha256")) {
            return null;
        }
        return member.isTextual() ? member.asText() : member.toString();
    }

    /**
     * @param member a member's value, or {@code null}
     * @return whether it holds a text that is not blank, in clear or committed (a commitment reduced to its hash
     *     counts: the text was there)
     */
    public static boolean hasText(final JsonNode member) {
        if (member != null && member.isObject()) {
            return member.has("sha256") && (member.size() == 1 || isCommitment(member));
        }
        return member != null && member.isTextual() && !member.asText().isBlank();
    }

    /**
     * @param event an event (or any JSON value), left unchanged
     * @return a copy with every text commitment reduced to {@code {"sha256": …}}
     */
    public static JsonNode of(final JsonNode event) {
        final JsonNode copy = event.deepCopy();
        return reduce(copy);
    }

    private static JsonNode reduce(final JsonNode node) {
        if (isCommitment(node)) {
            ((ObjectNode) node).retain("sha256");
        } else if (node.isObject()) {
            final Iterator<JsonNode> members = node.elements();
            while (members.hasNext()) {
                reduce(members.next());
            }
        } else if (node.isArray()) {
            for (final JsonNode element : (ArrayNode) node) {
                reduce(element);
            }
        }
        return node;
    }

    /**
     * @param event an event
     * @return the canonical JSON of its public form, the bytes its leaf and the next event's hash are taken over
     */
    public static byte[] canonical(final JsonNode event) {
        return CanonicalJson.bytes(of(event));
    }

    /**
     * The value the device's next event carries as {@value #PREVIOUS_EVENT_HASH}.
     *
     * @param event an event
     * @return the hex SHA-256 of the canonical JSON of its public form
     */
    public static String eventHash(final JsonNode event) {
        return HEX.formatHex(sha256(canonical(event)));
    }

    /**
     * The commitment to a text: hex SHA-256 of the salt followed by the text's UTF-8 bytes.
     *
     * @param salt 32 random bytes
     * @param text the text
     * @return 64 hex digits
     * @throws IllegalArgumentException if the salt is not 32 bytes
     */
    public static String commitment(final byte[] salt, final String text) {
        if (salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("A text's salt must be " + SALT_LENGTH + " bytes, not " + salt.length);
        }
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        final byte[] data = new byte[SALT_LENGTH + utf8.length];
        System.arraycopy(salt, 0, data, 0, SALT_LENGTH);
        System.arraycopy(utf8, 0, data, SALT_LENGTH, utf8.length);
        return HEX.formatHex(sha256(data));
    }

    /**
     * Whether every text commitment in a value holds: its salt is 64 hex digits, its text a string and its
     * {@code sha256} their {@link #commitment}. A value without commitments holds.
     *
     * @param node any JSON value
     * @return whether they all hold
     */
    public static boolean commitmentsHold(final JsonNode node) {
        if (isCommitment(node)) {
            final JsonNode salt = node.get("salt");
            final JsonNode text = node.get("text");
            final JsonNode hash = node.get("sha256");
            return salt.isTextual() && isHex(salt.asText(), 2 * SALT_LENGTH) && text.isTextual() && hash.isTextual()
                    && commitment(HEX.parseHex(salt.asText().toLowerCase(java.util.Locale.ROOT)), text.asText())
                            .equals(hash.asText());
        }
        for (final JsonNode child : node) {
            if (!commitmentsHold(child)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(final String text, final int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(final byte[] data) {
        return MerkleTree.sha256().digest(data);
    }
}
