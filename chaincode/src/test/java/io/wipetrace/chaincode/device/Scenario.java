package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.registry.RegistryContract;
import io.wipetrace.chaincode.testing.Alliance;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.chaincode.testing.StationKey;
import io.wipetrace.proof.ledger.DeviceState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A seeded ledger and the steps that move devices through their lifecycle the way the partners would, with the
 * organisations that play each part configurable (the standard alliance, or one organisation holding every role).
 */
final class Scenario {

    /** An organisation holding every custody role, used where only the state machine should decide. */
    static final String OMNI = "OmniOrgMSP";
    static final String OMNI_SITE = "omni-site-01";
    static final String OMNI_STATION = "omni-station-01";

    final InMemoryLedger ledger = new InMemoryLedger();
    final DeviceContract devices = new DeviceContract();
    final RegistryContract registry = new RegistryContract();

    final String collector;
    final String collectorSite;
    final String processor;
    final String processorSite;
    final String smelter;
    final String smelterSite;
    final String stationId;
    final StationKey stationKey;

    private int handovers;
    private int reports;

    private Scenario(final String collector, final String collectorSite, final String processor,
            final String processorSite, final String smelter, final String smelterSite, final String stationId,
            final StationKey stationKey) {
        this.collector = collector;
        this.collectorSite = collectorSite;
        this.processor = processor;
        this.processorSite = processorSite;
        this.smelter = smelter;
        this.smelterSite = smelterSite;
        this.stationId = stationId;
        this.stationKey = stationKey;
        Alliance.seed(ledger);
    }

    /** @return the standard alliance: collector, processor (P-256 station), smelter */
    static Scenario standard() {
        return new Scenario(Alliance.COLLECTOR, Alliance.COLLECTOR_SITE, Alliance.PROCESSOR, Alliance.PROCESSOR_SITE,
                Alliance.SMELTER, Alliance.SMELTER_SITE, Alliance.STATION_P256, Alliance.P256_KEY);
    }

    /** @return one organisation that collects, processes and smelts, handing devices to itself */
    static Scenario omni() {
        final Scenario scenario = new Scenario(
                OMNI, OMNI_SITE, OMNI, OMNI_SITE, OMNI, OMNI_SITE, OMNI_STATION, Alliance.P256_KEY);
        Alliance.organisation(scenario.ledger, scenario.registry, OMNI, "Omni Recycling",
                "COLLECTOR", "LOGISTICS", "PROCESSOR", "SMELTER");
        Alliance.site(scenario.ledger, scenario.registry, OMNI_SITE, OMNI);
        Alliance.station(scenario.ledger, scenario.registry, OMNI_STATION, OMNI_SITE, Alliance.P256_KEY);
        return scenario;
    }

    static String deviceId(final int n) {
        return String.format("dev-%012d", n);
    }

    static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- arguments -------------------------------------------------------------------------------------------------

    Map<String, Object> collection(final String deviceId) {
        return map(
                "deviceId", deviceId,
                "receiptHash", sha256("receipt " + deviceId),
                "identifierCommitment", sha256("commitment " + deviceId),
                "make", "Huawei",
                "model", "P40 Pro",
                "storageGb", 256,
                "channel", "HOME_PICKUP",
                "siteId", collectorSite,
                "consent", map("reference", "consent-" + deviceId, "scope", "all user data",
                        "method", "app checkbox", "impact", "irreversible"),
                "bagId", "bag-77",
                "sealId", "seal-77",
                "locked", false);
    }

    Map<String, Object> offer(final String handoverId, final String toMspId, final String toSiteId,
            final List<String> deviceIds) {
        return map("handoverId", handoverId, "deviceIds", deviceIds, "containerId", "box-" + handoverId,
                "toMspId", toMspId, "toSiteId", toSiteId, "sealId", "seal-" + handoverId, "waybill", "SF1234567890");
    }

    Map<String, Object> erasure(final String deviceId, final String reportId) {
        return map(
                "deviceId", deviceId,
                "reportId", reportId,
                "reportSha256", sha256("report " + reportId),
                "method", "BLOCK_ERASE",
                "technique", "block erase of every flash block",
                "standard", "GB/T 2027 information erasure",
                "tool", "WipeBox",
                "toolVersion", "4.2.1",
                "result", "ERASED",
                "verification", map("mode", "FULL", "by", "verifier-07"),
                "startedAt", "2026-03-02T07:00:00Z",
                "endedAt", "2026-03-02T07:20:00Z",
                "siteId", processorSite,
                "operator", "operator-12",
                "witness", "witness-03",
                "consentReference", "consent-" + deviceId,
                "stationId", stationId);
    }

    /** Signs an erasure record with a key and returns its JSON, signature included. */
    static String signed(final Map<String, Object> erasure, final StationKey key) {
        erasure.remove("signature");
        erasure.put("signature", key.sign(ErasurePayload.canonicalBytes(json(erasure))));
        return json(erasure);
    }

    // --- steps -----------------------------------------------------------------------------------------------------

    String collect(final String deviceId) {
        return collect(collection(deviceId));
    }

    String collect(final Map<String, Object> collection) {
        return ledger.submit(collector, ctx -> devices.RegisterCollection(ctx, json(collection)));
    }

    String offerTo(final String from, final String to, final String toSite, final String... deviceIds) {
        final String handoverId = "handover-" + (++handovers);
        ledger.submit(from, ctx -> devices.OfferHandover(ctx, json(offer(handoverId, to, toSite, List.of(deviceIds)))));
        return handoverId;
    }

    void accept(final String to, final String handoverId) {
        ledger.submit(to, ctx -> devices.AcceptHandover(ctx, handoverId, json(map("sealIntact", true))));
    }

    String handOver(final String from, final String to, final String toSite, final String... deviceIds) {
        final String handoverId = offerTo(from, to, toSite, deviceIds);
        accept(to, handoverId);
        return handoverId;
    }

    String erase(final String deviceId, final String result, final String mode) {
        return erase(deviceId, result, mode, "BLOCK_ERASE");
    }

    String erase(final String deviceId, final String result, final String mode, final String method) {
        final Map<String, Object> erasure = erasure(deviceId, "report-" + (++reports));
        erasure.put("method", method);
        erasure.put("result", result);
        if (!"ERASED".equals(result)) {
            erasure.put("resultReason", "BAD_BLOCKS");
        }
        erasure.put("verification", map("mode", mode, "by", "verifier-07"));
        final String signed = signed(erasure, stationKey);
        return ledger.submit(processor, ctx -> devices.RecordErasure(ctx, signed));
    }

    String dismantle(final String deviceId) {
        return ledger.submit(processor, ctx -> devices.RecordDismantling(ctx, json(map("deviceId", deviceId,
                "storageComponentCommitment", sha256("chip " + deviceId), "siteId", processorSite))));
    }

    String destroyStorage(final String deviceId) {
        return ledger.submit(processor, ctx -> devices.RecordStorageDestruction(ctx, json(map("deviceId", deviceId,
                "method", "SHRED", "siteId", processorSite, "evidenceSha256", sha256("video " + deviceId)))));
    }

    String smelt(final String lotId, final String... deviceIds) {
        return ledger.submit(smelter, ctx -> devices.RecordSmeltingLot(ctx, json(lot(lotId, deviceIds))));
    }

    Map<String, Object> lot(final String lotId, final String... deviceIds) {
        return map("lotId", lotId, "deviceIds", List.of(deviceIds), "inputCount", deviceIds.length,
                "inputWeightGrams", 180L * deviceIds.length, "outputWeightGrams", 20L * deviceIds.length,
                "siteId", smelterSite);
    }

    String resell(final String deviceId) {
        return ledger.submit(processor, ctx -> devices.RecordResale(ctx, json(map(
                "deviceId", deviceId, "siteId", processorSite, "channel", "ONLINE"))));
    }

    String export(final String caller, final String site, final String deviceId) {
        return ledger.submit(caller, ctx -> devices.RecordExport(ctx, json(map(
                "deviceId", deviceId, "siteId", site, "destinationCountry", "VN", "declarationNumber", "DEC-1"))));
    }

    String refurbish(final String deviceId) {
        return ledger.submit(processor, ctx -> devices.RecordRefurbishment(ctx, json(map(
                "deviceId", deviceId, "siteId", processorSite, "channel", "RESALE"))));
    }

    String returnToOwner(final String caller, final String site, final String deviceId) {
        return ledger.submit(caller, ctx -> devices.ReturnToOwner(ctx, json(map(
                "deviceId", deviceId, "siteId", site, "reason", "OWNER_REQUEST"))));
    }

    /**
     * Collects a device and moves it along the standard path until it is in {@code target}.
     *
     * @param deviceId the new device
     * @param target the state wanted
     */
    void driveTo(final String deviceId, final DeviceState target) {
        collect(deviceId);
        switch (target) {
            case COLLECTED -> { }
            case IN_TRANSIT -> offerTo(collector, processor, processorSite, deviceId);
            case MISSING -> {
                // Offered in a bag with a companion that arrives; the device itself does not.
                final String companion = deviceId.equals(deviceId(99)) ? deviceId(98) : deviceId(99);
                collect(companion);
                final String handoverId = offerTo(collector, processor, processorSite, deviceId, companion);
                ledger.submit(processor, ctx -> devices.AcceptHandover(ctx, handoverId,
                        json(map("sealIntact", true, "missingDeviceIds", List.of(deviceId)))));
            }
            case RETURNED -> returnToOwner(collector, collectorSite, deviceId);
            default -> {
                handOver(collector, processor, processorSite, deviceId);
                if (target == DeviceState.RECEIVED) {
                    return;
                }
                erase(deviceId, target == DeviceState.WIPE_FAILED ? "NOT_ERASED" : "ERASED", "FULL");
                if (target == DeviceState.WIPED || target == DeviceState.WIPE_FAILED) {
                    return;
                }
                if (target == DeviceState.REFURBISHED || target == DeviceState.RESOLD
                        || target == DeviceState.EXPORTED) {
                    refurbish(deviceId);
                    if (target == DeviceState.RESOLD) {
                        resell(deviceId);
                    } else if (target == DeviceState.EXPORTED) {
                        export(processor, processorSite, deviceId);
                    }
                    return;
                }
                dismantle(deviceId);
                if (target == DeviceState.DISMANTLED) {
                    return;
                }
                destroyStorage(deviceId);
                if (target == DeviceState.STORAGE_DESTROYED) {
                    return;
                }
                handOver(processor, smelter, smelterSite, deviceId);
                smelt("lot-" + deviceId, deviceId);
            }
        }
    }

    // --- reads -----------------------------------------------------------------------------------------------------

    JsonNode device(final String deviceId) {
        return ledger.json(DeviceKeys.DEVICE, deviceId);
    }

    DeviceState state(final String deviceId) {
        return DeviceState.valueOf(device(deviceId).get("state").textValue());
    }

    JsonNode history(final String deviceId) {
        return InMemoryLedger.parse(ledger.evaluate(Alliance.REGULATOR, ctx -> devices.GetHistory(ctx, deviceId)))
                .get("events");
    }
}
