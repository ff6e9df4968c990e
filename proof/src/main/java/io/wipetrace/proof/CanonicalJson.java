package io.wipetrace.proof;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BaseJsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Canonical JSON, the bytes event leaves and erasure signatures are computed over (docs/proof-bundle.md, hash rule
 * 1; chaincode/README.md, "Conventions"): object members sorted by name in Java {@code String} order at every level,
 * null members left out, no whitespace, UTF-8. Strings are escaped as Jackson writes them, as the chaincode does.
 */
public final class CanonicalJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private CanonicalJson() {}

    /**
     * @param node any JSON value
     * @return its canonical UTF-8 bytes
     */
    public static byte[] bytes(final JsonNode node) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void write(final JsonGenerator out, final JsonNode node) throws IOException {
        if (node.isObject()) {
            final List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.writeStartObject();
            for (final String name : names) {
                final JsonNode value = node.get(name);
                if (!value.isNull()) {
                    out.writeFieldName(name);
                    write(out, value);
                }
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (final JsonNode element : node) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (node.isNull()) {
            out.writeNull();
        } else {
            // Other scalars serialise themselves without a codec: strings escaped, numbers as parsed.
            ((BaseJsonNode) node).serialize(out, null);
        }
    }
}
