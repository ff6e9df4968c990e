package io.wipetrace.tools.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErasureSigningTest {

    @Test
    void signs_the_record_without_its_signature_and_null_members_sorted_at_every_level() throws Exception {
        final ObjectNode record = (ObjectNode) new ObjectMapper().readTree(
                "{\"result\":\"ERASED\",\"signature\":\"c2ln\",\"note\":null,"
                        + "\"tool\":{\"version\":\"2.1\",\"name\":\"Wipé\"},\"deviceId\":\"D-1\"}");

        final String payload = new String(ErasureSigning.payload(record), StandardCharsets.UTF_8);

        assertThat(payload).isEqualTo(
                "{\"deviceId\":\"D-1\",\"result\":\"ERASED\",\"tool\":{\"name\":\"Wipé\",\"version\":\"2.1\"}}");
        assertThat(record.has("signature")).as("the record itself is left as it was").isTrue();
    }
}
