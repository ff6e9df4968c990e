package io.wipetrace.gateway.projection;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wipetrace.gateway.projection.ReadModelChange.Collected;
import io.wipetrace.gateway.projection.ReadModelChange.ConsentRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.ErasureRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.HandoverClosed;
import io.wipetrace.gateway.projection.ReadModelChange.HandoverOffered;
import io.wipetrace.gateway.projection.ReadModelChange.Origin;
import io.wipetrace.gateway.projection.ReadModelChange.Released;
import io.wipetrace.gateway.projection.ReadModelChange.ReturnedToOwner;
import io.wipetrace.gateway.projection.ReadModelChange.Smelted;
import io.wipetrace.gateway.projection.ReadModelChange.StepTime;
import io.wipetrace.gateway.projection.ReadModelChange.Stepped;
import io.wipetrace.gateway.projection.ReadModelChange.StorageDestroyed;
import io.wipetrace.proof.PublicForm;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the read-model changes of one {@code wipetrace.events} element, as the device contract emits it
 * (chaincode/README.md, "Contract device"). Pure: no database, no clock; the times are the transaction timestamps
 * the events carry, so a rebuild derives the same changes.
 *
 * <p>An event without a device (a registry change such as {@code STATION_REGISTERED}) changes nothing here. An event type this version does not
 * know still moves the device's state, custodian and site, which every event record carries.
 */
final class ReadModelProjector {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The changes one event makes.
     *
     * @param event a projected domain event
     * @return the changes, in the order they must be applied
     * @throws ProjectionException if the event lacks a field its type requires
     */
    public List<ReadModelChange> changes(final LedgerEvent event) {
        if (event.deviceId() == null) {
            return List.of();
        }
        final JsonNode record;
        try {
            record = JSON.readTree(event.payloadJson());
        } catch (JacksonException e) {
            throw new ProjectionException("event " + event.eventId() + " is not JSON", e);
        }
        final Fields fields = new Fields(event.eventId(), record);
        final JsonNode details = record.path("details");
        final Fields detail = new Fields(event.eventId(), details);
        final String deviceId = event.deviceId();
        final Origin origin = new Origin(event.eventId(), event.txId(), event.blockNumber(),
                fields.instant("txTimestamp"));
        final String state = fields.text("state");
        final String custodian = fields.text("custodianMspId");
        final String site = fields.optionalText("siteId");

        final List<ReadModelChange> changes = new ArrayList<>(2);
        switch (event.type()) {
            case "COLLECTED" -> changes.add(new Collected(deviceId, origin, fields.text("actorMspId"),
                    fields.text("siteId"), detail.text("channel"), detail.text("make"), detail.text("model"),
                    detail.integer("storageGb"), detail.bool("locked"), detail.text("receiptHash"),
                    detail.text("identifierCommitment"), detail.optionalText("bagId"),
                    detail.optionalText("productType") == null ? "PHONE" : detail.text("productType"),
                    details.has("consent")));
            case "HANDOVER_OFFERED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site, null));
                changes.add(new HandoverOffered(deviceId, origin, detail.text("handoverId"),
                        detail.text("fromMspId"), site, detail.text("toMspId"), detail.text("toSiteId"),
                        detail.optionalText("containerId"), detail.optionalText("sealId"),
                        detail.optionalText("waybill"), detail.integer("deviceCount")));
            }
            case "HANDOVER_ACCEPTED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site,
                        "RECEIVED".equals(state) ? StepTime.RECEIVED_AT : null));
                changes.add(new HandoverClosed(deviceId, origin, detail.text("handoverId"), "ACCEPTED",
                        detail.bool("sealIntact"), joined(details.path("exceptions")), null));
            }
            case "DEVICE_MISSING" -> {
                // Not found by the receiver: MISSING, still in the sender's custody; the handover row says so.
                changes.add(new Stepped(deviceId, origin, state, custodian, site, null));
                changes.add(new HandoverClosed(deviceId, origin, detail.text("handoverId"), "MISSING",
                        detail.bool("sealIntact"), joined(details.path("exceptions")), null));
            }
            case "HANDOVER_REJECTED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site, null));
                changes.add(new HandoverClosed(deviceId, origin, detail.text("handoverId"), "REJECTED", null, null,
                        detail.text("reason")));
            }
            case "ERASURE_RECORDED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site,
                        "WIPE_FAILED".equals(state) ? StepTime.WIPE_FAILED_AT : StepTime.WIPED_AT));
                final Fields erasure = new Fields(event.eventId(), details.path("erasure"));
                final Fields verification = new Fields(event.eventId(), details.path("erasure").path("verification"));
                changes.add(new ErasureRecorded(deviceId, origin, fields.text("actorMspId"), state,
                        erasure.text("reportId"), erasure.text("reportSha256"), erasure.optionalText("reportSm3"),
                        erasure.text("method"), erasure.text("technique"), erasure.text("standard"),
                        erasure.text("tool"), erasure.text("toolVersion"), erasure.text("result"),
                        erasure.optionalText("resultReason"), verification.text("mode"), verification.text("by"),
                        erasure.text("stationId"), detail.text("stationAlgorithm"), erasure.text("siteId"),
                        joined(details.path("exceptions")), erasure.optionalText("signature") != null,
                        erasure.instant("startedAt"), erasure.instant("endedAt")));
            }
            case "DISMANTLED" -> changes.add(new Stepped(deviceId, origin, state, custodian, site,
                    StepTime.DISMANTLED_AT));
            case "STORAGE_DESTROYED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site, StepTime.STORAGE_DESTROYED_AT));
                changes.add(new StorageDestroyed(deviceId, origin, detail.text("method")));
            }
            case "SMELTED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site, StepTime.SMELTED_AT));
                changes.add(new Smelted(deviceId, origin, detail.text("lotId"), fields.text("actorMspId"),
                        fields.text("siteId"), detail.integer("inputCount"), detail.longValue("inputWeightGrams"),
                        detail.longValue("outputWeightGrams")));
            }
            case "REFURBISHED" -> changes.add(new Stepped(deviceId, origin, state, custodian, site,
                    StepTime.REFURBISHED_AT));
            case "RESOLD", "EXPORTED" -> {
                final boolean resold = "RESOLD".equals(event.type());
                changes.add(new Stepped(deviceId, origin, state, custodian, site,
                        resold ? StepTime.RESOLD_AT : StepTime.EXPORTED_AT));
                changes.add(new Released(deviceId, origin, detail.text("basis"),
                        resold ? null : detail.text("destinationCountry")));
            }
            case "CONSENT_RECORDED" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site, StepTime.CONSENT_RECORDED_AT));
                changes.add(new ConsentRecorded(deviceId, origin));
            }
            case "RETURNED_TO_OWNER" -> {
                changes.add(new Stepped(deviceId, origin, state, custodian, site, StepTime.RETURNED_AT));
                changes.add(new ReturnedToOwner(deviceId, origin, detail.text("reason")));
            }
            case "PERSONAL_DATA_PURGED" -> changes.add(new Stepped(deviceId, origin, state, custodian, site,
                    StepTime.PERSONAL_DATA_PURGED_AT));
            // CORRECTION and any later type: state, custodian and site as the record states them.
            default -> changes.add(new Stepped(deviceId, origin, state, custodian, site, null));
        }
        return List.copyOf(changes);
    }

    /** A JSON array of texts as "A,B", or {@code null} when absent or empty. */
    private static String joined(final JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return null;
        }
        final List<String> texts = new ArrayList<>(array.size());
        array.forEach(element -> texts.add(element.asText()));
        return String.join(",", texts);
    }

    /** Typed access to an object's members, failing with the event's ID when a required one is missing. */
    private record Fields(String eventId, JsonNode node) {

        String text(final String name) {
            final String value = optionalText(name);
            if (value == null) {
                throw missing(name);
            }
            return value;
        }

        String optionalText(final String name) {
            // Partners' texts are text commitments; the read model keeps their text, which only members read.
            return PublicForm.text(node.get(name));
        }

        int integer(final String name) {
            final JsonNode value = node.get(name);
            if (value == null || !value.canConvertToInt()) {
                throw missing(name);
            }
            return value.intValue();
        }

        long longValue(final String name) {
            final JsonNode value = node.get(name);
            if (value == null || !value.canConvertToLong()) {
                throw missing(name);
            }
            return value.longValue();
        }

        boolean bool(final String name) {
            final JsonNode value = node.get(name);
            if (value == null || !value.isBoolean()) {
                throw missing(name);
            }
            return value.booleanValue();
        }

        Instant instant(final String name) {
            try {
                return Instant.parse(text(name));
            } catch (DateTimeParseException e) {
                throw new ProjectionException("event " + eventId + ": \"" + name + "\" is not an instant", e);
            }
        }

        private ProjectionException missing(final String name) {
            return new ProjectionException("event " + eventId + " lacks \"" + name + "\" where the device contract"
                    + " always writes it");
        }
    }
}
