package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sorts_members_drops_nulls_at_every_level_and_writes_no_whitespace() throws Exception {
        final String json = "{ \"b\": [ {\"z\": 1, \"a\": null, \"é\": \"华为\"}, null, 2 ], \"a\": {\"y\": true,"
                + " \"x\": \"line\\nbreak \\\"q\\\"\"}, \"Z\": -12345678901234567890, \"n\": null }";

        assertThat(new String(CanonicalJson.bytes(JSON.readTree(json)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"Z\":-12345678901234567890,\"a\":{\"x\":\"line\\nbreak \\\"q\\\"\",\"y\":true},"
                        + "\"b\":[{\"z\":1,\"é\":\"华为\"},null,2]}");
    }

    /** Characters outside the BMP are escaped as the chaincode's Jackson writes them (two \\u escapes). */
    @Test
    void orders_names_as_java_strings_compare_them() throws Exception {
        assertThat(new String(CanonicalJson.bytes(JSON.readTree("{\"b\":1,\"B\":2,\"\u00E9\":3,\"\uFF21\":4,\"a\":\"\uD83D\uDE00\"}")),
                StandardCharsets.UTF_8)).isEqualTo("{\"B\":2,\"a\":\"\\uD83D\\uDE00\",\"b\":1,\"\u00E9\":3,\"\uFF21\":4}");
    }
}
