package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.DeviceSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Puts the ledger's history of a device beside the projection's and says where they differ. */
class AuditService {

    private final LedgerHistory ledger;
    private final AuditQueries queries;
    private final ObjectMapper json;

    AuditService(final LedgerHistory ledger, final AuditQueries queries, final ObjectMapper json) {
        this.ledger = ledger;
        this.queries = queries;
        this.json = json;
    }

    /**
     * The device seen both ways.
     *
     * @param deviceId the device
     * @return the view, or empty if neither the ledger nor the projection knows the device
     */
    Optional<AuditDeviceView> device(final String deviceId) {
        // The projection first: if it is behind, the ledger read after it can only be further ahead, never behind.
        final long checkpoint = queries.checkpoint();
        final Optional<DeviceSummary> row = queries.device(deviceId);
        final List<JsonNode> projected = queries.deviceEvents(deviceId).stream().map(this::parse).toList();
        final Optional<JsonNode> history = ledger.history(deviceId);
        if (history.isEmpty() && row.isEmpty() && projected.isEmpty()) {
            return Optional.empty();
        }
        final List<JsonNode> onLedger = new ArrayList<>();
        history.ifPresent(h -> h.path("events").forEach(onLedger::add));
        final List<String> differences = compare(onLedger, projected, row.orElse(null), checkpoint);
        return Optional.of(new AuditDeviceView(deviceId, onLedger,
                new AuditDeviceView.ProjectionView(checkpoint, row.orElse(null), projected), differences.isEmpty(),
                differences));
    }

    static List<String> compare(final List<JsonNode> ledger, final List<JsonNode> projection,
            final DeviceSummary row, final long checkpoint) {
        final Map<String, JsonNode> ledgerById = byEventId(ledger);
        final Map<String, JsonNode> projectedById = byEventId(projection);
        final List<String> differences = new ArrayList<>();
        ledgerById.forEach((id, event) -> {
            final JsonNode projected = projectedById.get(id);
            if (projected == null) {
                differences.add("event " + id + " (" + event.path("type").asText() + ") is on the ledger but not in"
                        + " the projection (projected to block " + checkpoint + ")");
            } else if (!projected.equals(event)) {
                differences.add("event " + id + " differs between the ledger and the projection");
            }
        });
        projectedById.forEach((id, event) -> {
            if (!ledgerById.containsKey(id)) {
                differences.add("event " + id + " (" + event.path("type").asText() + ") is in the projection but not"
                        + " on the ledger");
            }
        });
        if (differences.isEmpty() && !ledger.isEmpty()) {
            final JsonNode last = ledger.getLast();
            if (row == null) {
                differences.add("the read model has no row for the device");
            } else if (!last.path("state").asText().equals(row.state())
                    || !last.path("custodianMspId").asText().equals(row.custodianMspId())
                    || row.eventCount() != ledger.size()) {
                differences.add("the read model says " + row.state() + " with " + row.custodianMspId() + " after "
                        + row.eventCount() + " events; the ledger says " + last.path("state").asText() + " with "
                        + last.path("custodianMspId").asText() + " after " + ledger.size());
            }
        }
        return differences;
    }

    private static Map<String, JsonNode> byEventId(final List<JsonNode> events) {
        final Map<String, JsonNode> map = new LinkedHashMap<>();
        events.forEach(event -> map.put(event.path("eventId").asText(), event));
        return map;
    }

    private JsonNode parse(final String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the projection holds an event that is not JSON", e);
        }
    }
}
