package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Says in words what an event did, from the few detail fields a consumer may see. Written field by field on purpose:
 * nothing of an event's details reaches the consumer unless it is named here (a correction's free text, for one,
 * does not).
 */
final class TimelineText {

    private TimelineText() {}

    static String describe(final String type, final JsonNode details) {
        return switch (type) {
            case "COLLECTED" -> "Collected (" + text(details, "channel") + "); erasure consent recorded ("
                    + text(details, "consent", "method") + ")" + (details.path("locked").asBoolean()
                            ? "; the device is locked and can only be destroyed physically" : "");
            case "HANDOVER_OFFERED" -> "Handed over to " + text(details, "toMspId") + " for site "
                    + text(details, "toSiteId") + optional(", seal ", details, "sealId")
                    + optional(", waybill ", details, "waybill");
            case "HANDOVER_ACCEPTED" -> "Received by " + text(details, "toMspId")
                    + (details.path("sealIntact").asBoolean() ? ", seal intact" : ", seal broken on arrival");
            case "HANDOVER_REJECTED" -> "Handover refused by " + text(details, "toMspId")
                    + "; the device stayed with " + text(details, "fromMspId");
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
            case "PERSONAL_DATA_PURGED" -> "Personal data purged; only its hash remains as evidence";
            case "CORRECTION" -> "Correction of an earlier " + text(details, "correctsType") + " record";
            default -> type;
        };
    }

    private static String text(final JsonNode node, final String... path) {
        JsonNode value = node;
        for (String name : path) {
            value = value.path(name);
        }
        return value.isMissingNode() || value.isNull() ? "?" : value.asText();
    }

    private static String optional(final String prefix, final JsonNode node, final String field) {
        return node.hasNonNull(field) ? prefix + node.path(field).asText() : "";
    }
}
