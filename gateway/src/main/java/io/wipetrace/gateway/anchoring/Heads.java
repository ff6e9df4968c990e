package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.proof.HeadMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which head-map keys anchored events move, and to which heads (docs/proof-bundle.md, hash rule 3). Pure: the
 * anchoring service feeds it a window's leaves and the heads before it.
 *
 * <ul>
 *   <li>a device event moves {@code device:<deviceId>} to its own {@code sequence};</li>
 *   <li>a registry change moves {@code station:<stationId>}, {@code site:<siteId>} or {@code organisation:<mspId>}
 *       (whichever record it carries) to the number of that key's registry events before it.</li>
 * </ul>
 */
final class Heads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Heads() {}

    /**
     * An anchored event and its leaf.
     *
     * @param payload the event as projected (JSON)
     * @param leafHash its salted leaf hash
     */
    record Leaf(String payload, byte[] leafHash) {}

    /**
     * The heads a run of events moves.
     *
     * @param leaves events in ledger order
     * @param previous each key's head before them, if it had one
     * @return the new head of each key they touch, in the order the keys were first touched
     */
    static List<HeadMap.Head> moved(final List<Leaf> leaves,
            final Function<String, Optional<HeadMap.Head>> previous) {
        final Map<String, HeadMap.Head> moved = new LinkedHashMap<>();
        final Map<String, Long> counted = new HashMap<>();
        for (final Leaf leaf : leaves) {
            final JsonNode event = parse(leaf.payload());
            final Optional<String> key = key(event);
            if (key.isEmpty()) {
                continue;
            }
            final long sequence;
            if (key.get().startsWith("device:")) {
                sequence = event.path("sequence").asLong(-1);
            } else {
                // Registry keys count their events: 0 for the first, one more for each that follows.
                sequence = counted.merge(key.get(), 1L, Long::sum)
                        + previous.apply(key.get()).map(HeadMap.Head::sequence).orElse(-1L);
            }
            moved.put(key.get(), new HeadMap.Head(key.get(), sequence, leaf.leafHash()));
        }
        return List.copyOf(moved.values());
    }

    /**
     * @param event a projected event
     * @return the head-map key it moves, if any
     */
    static Optional<String> key(final JsonNode event) {
        final JsonNode device = event.get("deviceId");
        if (device != null && device.isTextual()) {
            return Optional.of("device:" + device.asText());
        }
        if (!event.path("change").isTextual()) {
            return Optional.empty();
        }
        for (final String[] record : new String[][] {{"station", "stationId"}, {"site", "siteId"},
                {"organisation", "mspId"}}) {
            final JsonNode id = event.path(record[0]).get(record[1]);
            if (id != null && id.isTextual()) {
                return Optional.of(record[0] + ":" + id.asText());
            }
        }
        return Optional.empty();
    }

    static JsonNode parse(final String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a projected event is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
