package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.VerificationReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** A device's verification, from what the projection's read model holds about it, by receipt hash or device ID. */
@Component
public class VerifyQueries {

    private final VerificationReads reads;
    private final ObjectMapper json;

    VerifyQueries(final VerificationReads reads, final ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    /**
     * The verification of the device collected with a receipt.
     *
     * @param receiptHash lower-case hex SHA-256 of the normalised code
     * @return the verification, or empty if no device has this receipt
     */
    public Optional<Verification> byReceiptHash(final String receiptHash) {
        return reads.byReceiptHash(receiptHash).map(this::verification);
    }

    /**
     * The same view of a device by its ID, for the regulator's certificate.
     *
     * @param deviceId the device
     * @return the verification, or empty if there is no such device
     */
    public Optional<Verification> byDeviceId(final String deviceId) {
        return reads.byDeviceId(deviceId).map(this::verification);
    }

    private Verification verification(final VerificationReads.Device device) {
        final VerificationReads.Erasure row = device.erasure();
        final Verification.Erasure erasure = row == null ? null : new Verification.Erasure(
                row.method(), row.technique(), row.standard(), row.result(), row.verificationMode(), row.stationId(),
                row.reportId(), row.reportSha256(), row.endedAt(),
                "verified by the chaincode at transaction " + row.txId() + " (block " + row.blockNumber()
                        + ") against the registered key of station " + row.stationId(),
                new Verification.LedgerReference(device.erasureEventId(), row.txId(), row.blockNumber()));
        final List<Verification.Step> timeline = new ArrayList<>();
        for (final JsonNode event : events(device.events(), device.deviceId())) {
            timeline.add(step(event));
        }
        final Map<String, String> organisations = new TreeMap<>();
        events(device.organisations(), device.deviceId()).properties()
                .forEach(entry -> organisations.put(entry.getKey(), entry.getValue().asText()));
        final Map<String, Verification.Site> sites = new TreeMap<>();
        events(device.sites(), device.deviceId()).properties().forEach(entry -> sites.put(entry.getKey(),
                new Verification.Site(entry.getValue().path("name").asText(null),
                        entry.getValue().path("city").asText(null))));
        return new Verification(device.deviceId(), device.make(), device.model(), device.storageGb(),
                device.identifierCommitment(), device.state(), device.custodian(), device.siteId(), timeline, erasure,
                new Verification.Destruction(destructionStatus(device), device.dismantledAt(),
                        device.storageDestroyedAt(), device.storageDestructionMethod(), device.smeltedAt(),
                        device.lotId(), device.resoldAt() != null ? device.resoldAt() : device.exportedAt(),
                        device.releaseBasis(), device.exportCountry()),
                device.personalDataPurgedAt(), device.checkpoint(), organisations, sites);
    }

    private JsonNode events(final String text, final String deviceId) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the ledger rows read for device " + deviceId + " are not JSON", e);
        }
    }

    private static String destructionStatus(final VerificationReads.Device device) {
        if ("RETURNED".equals(device.state())) {
            return "RETURNED";
        }
        if (device.resoldAt() != null) {
            return "RESOLD";
        }
        if (device.exportedAt() != null) {
            return "EXPORTED";
        }
        if (device.smeltedAt() != null) {
            return "SMELTED";
        }
        if (device.refurbishedAt() != null) {
            return "REFURBISHED";
        }
        if (device.storageDestroyedAt() != null) {
            return "STORAGE_DESTROYED";
        }
        return device.dismantledAt() != null ? "DISMANTLED" : "NOT_DESTROYED";
    }

    private static Verification.Step step(final JsonNode row) {
        final JsonNode event = row.path("payload");
        final String type = event.path("type").asText();
        return new Verification.Step(
                event.path("sequence").asInt(),
                type,
                event.path("state").asText(),
                Instant.parse(event.path("txTimestamp").asText()),
                event.path("actorMspId").asText(),
                event.hasNonNull("siteId") ? event.path("siteId").asText() : null,
                TimelineText.describe(type, event.path("details")),
                new Verification.LedgerReference(row.path("eventId").asText(), row.path("txId").asText(),
                        row.path("blockNumber").asLong()),
                TimelineText.facts(type, event.path("details")));
    }
}
