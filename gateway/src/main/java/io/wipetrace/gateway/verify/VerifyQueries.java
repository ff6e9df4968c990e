package io.wipetrace.gateway.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.VerificationReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A device's verification, from what the projection's read model holds about it, by receipt hash or device ID.
 *
 * <p>The verification is a function of the device's row alone (its columns, erasure, events and the registry's names),
 * and a device's row changes only when the projection projects an event of it. Building it (parsing the events' JSON,
 * wording each step) was a tenth of the gateway's CPU per verification; a consumer's page asks for the same device up
 * to three times (verification, proof bundle, certificate). So the verifications of the devices last read are kept by
 * their row, checkpoint aside: the row read each time decides, so an answer never lags the read model, and only the
 * checkpoint the answer states ({@code projectedToBlock}) is set afresh.
 */
@Component
public class VerifyQueries {

    /**
     * How much of the rows the kept verifications are built from may be held, in characters of their JSON (events and
     * registry names; about 1.7 thousand an event): some thousand devices of one or two events, a few hundred of ten.
     * What was built from a row takes about as much again.
     */
    static final long KEPT_CHARACTERS = 4_000_000;

    private final VerificationReads reads;
    private final ObjectMapper json;
    private final long keptCharacters;
    /** Least recently used first; guarded by itself, as is {@link #characters}. */
    private final LinkedHashMap<VerificationReads.Device, Verification> built = new LinkedHashMap<>(256, 0.75f, true);
    private long characters;

    @Autowired
    VerifyQueries(final VerificationReads reads, final ObjectMapper json) {
        this(reads, json, KEPT_CHARACTERS);
    }

    VerifyQueries(final VerificationReads reads, final ObjectMapper json, final long keptCharacters) {
        this.reads = reads;
        this.json = json;
        this.keptCharacters = keptCharacters;
    }

    /**
     * The verification of the device collected with a receipt.
     *
     * @param receiptHash lower-case hex SHA-256 of the normalised code
     * @return the verification, or empty if no device has this receipt
     */
    public Optional<Verification> byReceiptHash(final String receiptHash) {
        return reads.byReceiptHash(receiptHash).map(this::kept);
    }

    /**
     * The same view of a device by its ID, for the regulator's certificate.
     *
     * @param deviceId the device
     * @return the verification, or empty if there is no such device
     */
    public Optional<Verification> byDeviceId(final String deviceId) {
        return reads.byDeviceId(deviceId).map(this::kept);
    }

    /** The verification of a row read just now: the one built from the same row before, or built now. */
    private Verification kept(final VerificationReads.Device device) {
        final VerificationReads.Device row = device.atCheckpoint(0);
        Verification verification;
        synchronized (built) {
            verification = built.get(row);
        }
        if (verification == null) {
            verification = verification(row);
            keep(row, verification);
        }
        return verification.projectedTo(device.checkpoint());
    }

    /** Keeps a verification, letting go of the least recently used ones beyond the bound. */
    private void keep(final VerificationReads.Device row, final Verification verification) {
        final long size = size(row);
        synchronized (built) {
            if (built.put(row, verification) == null) {
                characters += size;
            }
            final var eldest = built.keySet().iterator();
            while (characters > keptCharacters && eldest.hasNext()) {
                characters -= size(eldest.next());
                eldest.remove();
            }
        }
    }

    private static long size(final VerificationReads.Device row) {
        return (long) row.events().length() + row.organisations().length() + row.sites().length();
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
                device.identifierCommitment(), device.state(), device.custodian(), device.siteId(),
                // Kept and shared between answers: nobody may change them.
                Collections.unmodifiableList(timeline), erasure,
                new Verification.Destruction(destructionStatus(device), device.dismantledAt(),
                        device.storageDestroyedAt(), device.storageDestructionMethod(), device.smeltedAt(),
                        device.lotId(), device.resoldAt() != null ? device.resoldAt() : device.exportedAt(),
                        device.releaseBasis(), device.exportCountry()),
                device.personalDataPurgedAt(), device.checkpoint(), Collections.unmodifiableMap(organisations),
                Collections.unmodifiableMap(sites));
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
