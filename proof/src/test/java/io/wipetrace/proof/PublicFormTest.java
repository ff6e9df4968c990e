package io.wipetrace.proof;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The public form and the previous-event hash, over the shared vectors (event-vectors.json) that the portal's browser
 * verifier checks too, and the chaincode computes through this class.
 */
class PublicFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALT = "5a".repeat(32);

    private static JsonNode vectors() throws Exception {
        try (InputStream in = PublicFormTest.class.getResourceAsStream("/event-vectors.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void every_shared_vector_has_its_public_form_hash_and_commitment_verdict() throws Exception {
        final JsonNode events = vectors().path("events");
        assertThat(events.size()).isGreaterThanOrEqualTo(4);
        for (final JsonNode vector : events) {
            final JsonNode event = vector.path("event");
            assertThat(new String(PublicForm.canonical(event), UTF_8)).as(vector.path("name").asText())
                    .isEqualTo(vector.path("publicForm").asText());
            assertThat(PublicForm.eventHash(event)).isEqualTo(vector.path("eventHash").asText());
            assertThat(PublicForm.commitmentsHold(event)).isEqualTo(vector.path("commitmentsHold").asBoolean());
        }
    }

    @Test
    void reduces_a_commitment_to_its_hash_and_leaves_the_event_unchanged() throws Exception {
        final ObjectNode event = (ObjectNode) vectors().at("/events/1/event").deepCopy();
        final String before = event.toString();

        final JsonNode reduced = PublicForm.of(event);

        assertThat(event.toString()).isEqualTo(before);
        assertThat(reduced.at("/details/reason").toString()).isEqualTo("{\"sha256\":\""
                + PublicForm.commitment(HexFormat.of().parseHex(SALT), "王工 (night shift)") + "\"}");
        assertThat(PublicForm.eventHash(event)).isEqualTo(PublicForm.eventHash(reduced));
    }

    @Test
    void a_public_bundle_without_the_text_and_an_audit_copy_with_it_have_one_hash_but_another_text_fails() {
        final ObjectNode withText = JSON.createObjectNode();
        withText.putObject("note").put("salt", SALT).put("text", "seal torn")
                .put("sha256", PublicForm.commitment(HexFormat.of().parseHex(SALT), "seal torn"));
        final ObjectNode withoutText = JSON.createObjectNode();
        withoutText.putObject("note").put("sha256", withText.at("/note/sha256").asText());
        final ObjectNode otherText = withText.deepCopy();
        ((ObjectNode) otherText.get("note")).put("text", "seal intact");

        assertThat(PublicForm.eventHash(withText)).isEqualTo(PublicForm.eventHash(withoutText));
        assertThat(PublicForm.commitmentsHold(withText)).isTrue();
        assertThat(PublicForm.commitmentsHold(withoutText)).isTrue();
        assertThat(PublicForm.commitmentsHold(otherText)).isFalse();
        assertThat(PublicForm.eventHash(otherText)).isEqualTo(PublicForm.eventHash(withText));
    }

    @Test
    void refuses_a_salt_of_the_wrong_length_and_a_salt_that_is_not_hex() {
        assertThatIllegalArgumentException().isThrownBy(() -> PublicForm.commitment(new byte[16], "x"));
        final ObjectNode bad = JSON.createObjectNode();
        bad.putObject("note").put("salt", "zz".repeat(32)).put("text", "x").put("sha256", "00".repeat(32));

        assertThat(PublicForm.commitmentsHold(bad)).isFalse();
    }

    @Test
    void reads_the_text_of_a_member_in_clear_or_committed_and_none_from_a_reduced_commitment() throws Exception {
        final JsonNode committed = JSON.readTree("{\"salt\":\"" + SALT + "\",\"sha256\":\""
                + PublicForm.commitment(HexFormat.of().parseHex(SALT), "box dented") + "\",\"text\":\"box dented\"}");

        assertThat(PublicForm.text(committed)).isEqualTo("box dented");
        assertThat(PublicForm.text(JSON.readTree("\"SF123\""))).isEqualTo("SF123");
        assertThat(PublicForm.text(PublicForm.of(committed))).isNull();
        assertThat(PublicForm.text(null)).isNull();
        assertThat(PublicForm.text(JSON.readTree("null"))).isNull();
        assertThat(PublicForm.hasText(PublicForm.of(committed))).isTrue();
        assertThat(PublicForm.hasText(committed)).isTrue();
        assertThat(PublicForm.hasText(JSON.readTree("\"  \""))).isFalse();
        assertThat(PublicForm.hasText(JSON.readTree("{\"sha256\":\"x\",\"other\":1}"))).isFalse();
    }
}
