package io.wipetrace.gateway.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.tools.client.ErasureSigning;
import io.wipetrace.tools.client.StationKeys;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Drives devices through the device contract with the organisations' own Fabric identities, for integration tests of
 * what reads the ledger (the projection, the read model, the read API) while the write API is not there to do it.
 * Uses the registry that {@code ./wipetrace up} seeds and the demo stations' keys under {@code <state>/stations}.
 */
public final class LedgerDriver {

    public static final String COLLECTOR = "collector";
    public static final String PROCESSOR = "processor";
    public static final String COLLECTOR_SITE = "SITE-COL-SH-01";
    public static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";
    public static final String ECDSA_STATION = "STATION-SZ-ECDSA-01";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FabricGateways gateways;
    private final LedgerClient peers;
    private final Path state;
    private long lastBlock = -1;

    /**
     * A driver on the application's gateways.
     *
     * @param gateways the open gateways
     * @param peers reads each peer's height, to wait until every peer has a transaction's block
     * @param state the network's state directory (for the stations' keys)
     */
    public LedgerDriver(final FabricGateways gateways, final LedgerClient peers, final Path state) {
        this.gateways = gateways;
        this.peers = peers;
        this.state = state;
    }

    /**
     * Waits until every organisation's peer has committed a block. A commit status says only that the submitting
     * organisation's peer committed it; the next step, endorsed on other peers, must not run ahead of them (an
     * AcceptHandover endorsed on a peer without the offer fails with HANDOVER_NOT_FOUND).
     *
     * @param block the block
     * @param gateways the gateways, one per organisation
     * @param peers reads each peer's height
     */
    public static void awaitEveryPeer(final long block, final FabricGateways gateways, final LedgerClient peers)
            throws Exception {
        final long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        for (String org : gateways.organisations()) {
            while (peers.chainInfo(org).height() <= block) {
                if (System.nanoTime() > giveUp) {
                    throw new AssertionError("the peer of " + org + " has not committed block " + block + " in 30 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /** A fresh device ID. */
    public static String newDeviceId() {
        return "DEV-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A fresh receipt code, as the write API issues them. */
    public static String newReceiptCode() {
        return io.wipetrace.gateway.shared.ReceiptCode.generate();
    }

    /** Registers a collection at the collector's site. */
    public Status collect(final String device, final String receiptHash) throws Exception {
        return collect(device, receiptHash, true);
    }

    /** The owner's consent as a collection carries it, under reference {@code CONSENT-<device>}. */
    private static ObjectNode consent(final String device) {
        return JSON.createObjectNode()
                .put("reference", "CONSENT-" + device)
                .put("scope", "all user data on internal storage and SIM")
                .put("method", "overwrite per GB/T 2027 erasure standard")
                .put("impact", "data cannot be recovered");
    }

    /** The processor, as custodian, records the owner's consent later, under the reference {@link #erase} names. */
    public Status recordConsent(final String device) throws Exception {
        final ObjectNode consent = consent(device).put("deviceId", device).put("siteId", PROCESSOR_SITE);
        return submit(PROCESSOR, "RecordConsent", consent.toString());
    }

    /** Registers a collection at the collector's site, with or without the owner's consent. */
    public Status collect(final String device, final String receiptHash, final boolean withConsent) throws Exception {
        final ObjectNode collection = JSON.createObjectNode()
                .put("deviceId", device)
                .put("receiptHash", receiptHash)
                .put("identifierCommitment", sha256Hex("imei-commitment-" + device))
                .put("make", "Xiaomi")
                .put("model", "Redmi Note 9")
                .put("storageGb", 128)
                .put("channel", "STORE")
                .put("siteId", COLLECTOR_SITE)
                .put("locked", false);
        if (withConsent) {
            collection.set("consent", consent(device));
        }
        return submit(COLLECTOR, "RegisterCollection", collection.toString());
    }

    /** Stores personal data in the collector's private collection (endorsed by the collector alone). */
    public Status storePersonalData(final String device, final Map<String, String> personal) throws Exception {
        final Transaction store = gateways.contract(COLLECTOR, "device")
                .newProposal("StorePersonalData")
                .addArguments(device)
                .putTransient("personal", JSON.writeValueAsBytes(personal))
                .setEndorsingOrganizations(gateways.mspId(COLLECTOR))
                .build()
                .endorse();
        final Status status = store.submitAsync().getStatus();
        assertThat(status.getCode()).isEqualTo(TxValidationCode.VALID);
        lastBlock = Math.max(lastBlock, status.getBlockNumber());
        awaitEveryPeer(status.getBlockNumber(), gateways, peers);
        return status;
    }

    /** Offers a handover from the collector to the processor's plant; returns its ID. */
    public String offerToProcessor(final String device) throws Exception {
        final String handoverId = "HO-" + UUID.randomUUID();
        submit(COLLECTOR, "OfferHandover", JSON.valueToTree(Map.of("handoverId", handoverId,
                "deviceIds", List.of(device), "toMspId", gateways.mspId(PROCESSOR), "toSiteId", PROCESSOR_SITE,
                "sealId", "SEAL-" + UUID.randomUUID().toString().substring(0, 8))).toString());
        return handoverId;
    }

    /** The processor accepts a handover. */
    public Status accept(final String handoverId, final boolean sealIntact) throws Exception {
        return submit(PROCESSOR, "AcceptHandover", handoverId,
                JSON.valueToTree(Map.of("sealIntact", sealIntact, "note", "received")).toString());
    }

    /** The processor records an erasure signed by the demo ECDSA station; returns the signed record. */
    public ObjectNode erase(final String device, final String result) throws Exception {
        return erase(device, result, ECDSA_STATION, "ECDSA_P256");
    }

    /** The processor records an erasure signed by one of the demo stations; returns the signed record. */
    public ObjectNode erase(final String device, final String result, final String station, final String algorithm)
            throws Exception {
        final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final ObjectNode record = JSON.createObjectNode()
                .put("deviceId", device)
                .put("reportId", "RPT-" + UUID.randomUUID())
                .put("reportSha256", sha256Hex("erasure report of " + device))
                .put("method", "PURGE")
                .put("technique", "block erase")
                .put("standard", "NIST SP 800-88r1")
                .put("tool", "WipeBox")
                .put("toolVersion", "4.2.1")
                .put("result", result)
                .put("startedAt", end.minusSeconds(420).toString())
                .put("endedAt", end.toString())
                .put("siteId", PROCESSOR_SITE)
                .put("operator", "op-7f3a")
                .put("consentReference", "CONSENT-" + device)
                .put("stationId", station);
        if (!"ERASED".equals(result)) {
            record.put("resultReason", "CONTROLLER_REFUSED_ERASE");
        }
        record.set("verification", JSON.createObjectNode().put("mode", "FULL").put("by", "op-7f3a"));
        record.put("signature", StationKeys.sign(StationKeys.privateKey(state, station), algorithm,
                ErasureSigning.payload(record)));
        submit(PROCESSOR, "RecordErasure", record.toString());
        return record;
    }

    /** Submits a device-contract transaction and checks it committed valid. */
    public Status submit(final String org, final String transaction, final String... arguments) throws Exception {
        final Transaction endorsed = gateways.contract(org, "device")
                .newProposal(transaction)
                .addArguments(arguments)
                .build()
                .endorse();
        final Status status = endorsed.submitAsync().getStatus();
        assertThat(status.getCode()).as(org + " device:" + transaction).isEqualTo(TxValidationCode.VALID);
        lastBlock = Math.max(lastBlock, status.getBlockNumber());
        awaitEveryPeer(status.getBlockNumber(), gateways, peers);
        return status;
    }

    /** The highest block any of this driver's transactions committed in, or -1. */
    public long lastBlock() {
        return lastBlock;
    }

    /** Lower-case hex SHA-256 of a text's UTF-8 bytes. */
    public static String sha256Hex(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
