package io.wipetrace.chaincode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.CanonicalJson;
import io.wipetrace.proof.PublicForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads stored events the way a channel member does: every text commitment is checked to hold and replaced by its
 * text, so a test can compare an event with what was typed.
 */
public final class OpenedTexts {

    private OpenedTexts() {}

    /**
     * @param json a stored value (an event, a chaincode event payload)
     * @return its canonical JSON with every text commitment, each asserted to hold, replaced by its text
     */
    public static String opened(final String json) {
        final JsonNode node = InMemoryLedger.parse(json);
        assertThat(PublicForm.commitmentsHold(node)).as("every text commitment in %s holds", json).isTrue();
        return new String(CanonicalJson.bytes(open(node)), StandardCharsets.UTF_8);
    }

    /**
     * @param json a stored value
     * @return the texts its commitments hold, in document order
     */
    public static List<String> committedTexts(final String json) {
        final List<String> texts = new ArrayList<>();
        collect(InMemoryLedger.parse(json), texts);
        return texts;
    }

    private static void collect(final JsonNode node, final List<String> texts) {
        if (PublicForm.isCommitment(node)) {
            texts.add(node.get("text").asText());
        } else {
            node.forEach(child -> collect(child, texts));
        }
    }

    private static JsonNode open(final JsonNode node) {
        if (PublicForm.isCommitment(node)) {
            return node.get("text");
        }
        if (node.isObject()) {
            final ObjectNode copy = node.deepCopy();
            for (final Map.Entry<String, JsonNode> member : node.properties()) {
                copy.set(member.getKey(), open(member.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            final ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(open(element)));
            return copy;
        }
        return node;
    }
}
