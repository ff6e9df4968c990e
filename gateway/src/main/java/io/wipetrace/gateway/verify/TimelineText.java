package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.proof.PublicForm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says in words what an event did, from the few detail fields a consumer may see. Written field by field on purpose:
 * nothing of an event's details reaches the consumer unless it is named here (a correction's free text, for one,
 * does not).
 */
final class TimelineText {

    private TimelineText() {}

    static String describe(final String type, final JsonNode details) {
        return switch (type) {
            case "COLLECTED" -> "Collected (" + text(details, "channel") + "); "
                    + (details.has("consent") ? "erasure consent recorded (" + text(details, "consent", "method") + ")"
                            : "no erasure consent recorded yet") + (details.path("locked").asBoolean()
                            ? "; the device is locked and can only be destroyed physically" : "");
            case "HANDOVER_OFFERED" -> "Handed over to " + text(details, "toMspId") + " for site "
                    + text(details, "toSiteId") + optional(", seal ", details, "sealId")
                    + optional(", waybill ", details, "waybill");
            case "HANDOVER_ACCEPTED" -> "Received by " + text(details, "toMspId")
                    + (details.path("sealIntact").asBoolean() ? ", seal intact" : ", seal broken on arrival");
            case "HANDOVER_REJECTED" -> "Handover refused by " + text(details, "toMspId")
                    + "; the device stayed with " + text(details, "fromMspId");
            case "DEVICE_MISSING" -> "Missing: not found by " + text(details, "toMspId")
                    + " on arrival; no erasure or destruction is recorded after this, and " + text(details, "fromMspId")
                    + ", which sent it, stays accountable for it";
            case "ERASURE_RECORDED" -> {
                final JsonNode erasure = details.path("erasure");
                yield "Data erasure: " + text(erasure, "method") + " (" + text(erasure, "technique") + ") to "
                        + text(erasure, "standard") + ", result " + text(erasure, "result") + ", verification "
                        + text(erasure, "verification", "mode") + ", by station " + text(erasure, "stationId")
                        + ", report SHA-256 " + text(erasure, "reportSha256");
            }
            case "DISMANTLED" -> "Dismantled; storage component taken out";
            case "STORAGE_DESTROYED" -> "Storage destroyed (" + text(details, "method") + ")";
            case "SMELTED" -> "Smelted in lot " + text(details, "lotId");
            case "REFURBISHED" -> "Refurbished after a verified erasure (" + text(details, "channel") + ")";
            case "RESOLD" -> "Sold again (" + text(details, "channel") + ") after a verified erasure by "
                    + text(details, "method");
            case "EXPORTED" -> "STORAGE_DESTROYED".equals(text(details, "basis"))
                    ? "Shipped to " + text(details, "destinationCountry") + " as scrap, its storage destroyed"
                    : "Shipped to " + text(details, "destinationCountry") + " after a verified erasure by "
                            + text(details, "method");
            case "CONSENT_RECORDED" -> "Erasure consent recorded after collection ("
                    + text(details, "consent", "method") + ")";
            case "RETURNED_TO_OWNER" -> "Returned to its owner unwiped (" + text(details, "reason")
                    + "); the recycler did not erase it";
            case "PERSONAL_DATA_PURGED" -> "Personal data purged; only its hash remains as evidence";
            case "CORRECTION" -> "Correction of an earlier " + text(details, "correctsType") + " record";
            default -> type;
        };
    }

    /**
     * The same named fields as codes, identifiers and flags, for a reader to word in their own language: MSP IDs and
     * site IDs (the verification names them from the registry), enum codes (channel, method, result, verification),
     * flags (locked, seal intact) and the chaincode's exception codes. Free text stays out, except the erasure's
     * technique, which the wiping station names and a reader shows as the station's words.
     */
    static Map<String, Object> facts(final String type, final JsonNode details) {
        final Map<String, Object> facts = new LinkedHashMap<>();
        switch (type) {
            case "COLLECTED" -> {
                put(facts, "channel", details.path("channel"));
                facts.put("locked", details.path("locked").asBoolean());
                facts.put("consent", details.has("consent"));
            }
            case "HANDOVER_OFFERED" -> {
                put(facts, "fromMspId", details.path("fromMspId"));
                put(facts, "toMspId", details.path("toMspId"));
                put(facts, "toSiteId", details.path("toSiteId"));
                put(facts, "sealId", details.path("sealId"));
            }
            case "HANDOVER_ACCEPTED" -> {
                put(facts, "fromMspId", details.path("fromMspId"));
                put(facts, "toMspId", details.path("toMspId"));
                facts.put("sealIntact", details.path("sealIntact").asBoolean());
            }
            case "HANDOVER_REJECTED" -> {
                put(facts, "fromMspId", details.path("fromMspId"));
                put(facts, "toMspId", details.path("toMspId"));
            }
            case "DEVICE_MISSING" -> {
                put(facts, "fromMspId", details.path("fromMspId"));
                put(facts, "toMspId", details.path("toMspId"));
                put(facts, "handoverId", details.path("handoverId"));
                put(facts, "offeredInState", details.path("offeredInState"));
            }
            case "ERASURE_RECORDED" -> {
                final JsonNode erasure = details.path("erasure");
                put(facts, "method", erasure.path("method"));
                put(facts, "technique", erasure.path("technique"));
                put(facts, "standard", erasure.path("standard"));
                put(facts, "result", erasure.path("result"));
                put(facts, "verification", erasure.path("verification").path("mode"));
                put(facts, "stationId", erasure.path("stationId"));
            }
            case "STORAGE_DESTROYED" -> put(facts, "method", details.path("method"));
            case "SMELTED" -> put(facts, "lotId", details.path("lotId"));
            case "CORRECTION" -> put(facts, "correctsType", details.path("correctsType"));
            case "RETURNED_TO_OWNER" -> put(facts, "reason", details.path("reason"));
            default -> { }
        }
        final List<String> exceptions = new ArrayList<>();
        details.path("exceptions").forEach(code -> exceptions.add(code.asText()));
        if (!exceptions.isEmpty()) {
            facts.put("exceptions", List.copyOf(exceptions));
        }
        return Collections.unmodifiableMap(facts);
    }

    private static void put(final Map<String, Object> facts, final String name, final JsonNode value) {
        final String text = PublicForm.text(value);
        if (text != null) {
            facts.put(name, text);
        }
    }

    private static String text(final JsonNode node, final String... path) {
        JsonNode value = node;
        for (String name : path) {
            value = value.path(name);
        }
        final String text = PublicForm.text(value);
        return text == null ? "?" : text;
    }

    private static String optional(final String prefix, final JsonNode node, final String field) {
        final String text = PublicForm.text(node.get(field));
        return text == null ? "" : prefix + text;
    }
}
