package io.wipetrace.gateway.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.tools.client.ErasureSigning;
import io.wipetrace.tools.client.StationKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The device lifecycle on the real network: the rules the chaincode enforces, seen through the organisations'
 * own gateways and endorsed by the channel's MAJORITY policy. Uses the registry that {@code ./wipetrace up}
 * seeds (network/config/registry.json) and the demo stations' keys it leaves in the state directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class DeviceLifecycleIT {

    private static final String COLLECTOR = "collector";
    private static final String PROCESSOR = "processor";
    private static final String SMELTER = "smelter";
    private static final String REGULATOR = "regulator";

    private static final String COLLECTOR_SITE = "SITE-COL-SH-01";
    private static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";
    private static final String SMELTER_SITE = "SITE-SML-QY-01";
    private static final String ECDSA_STATION = "STATION-SZ-ECDSA-01";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Path state;

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient peers;

    @BeforeAll
    static void requireASeededNetwork() {
        final String dir = System.getenv("WIPETRACE_STATE");
        if (dir == null || dir.isBlank()) {
            fail("WIPETRACE_STATE is not set; run the integration tests through ./wipetrace test, or against"
                    + " ./wipetrace up with WIPETRACE_STATE=$HOME/.local/state/wipetrace/up");
        }
        state = Path.of(dir);
        if (!Files.isReadable(StationKeys.privateKeyFile(state, ECDSA_STATION))) {
            fail("no key for the demo station " + ECDSA_STATION + " under " + state
                    + "/stations; the network's registry step has not run");
        }
    }

    @Test
    void carries_a_device_from_collection_to_smelting_across_three_organisations() throws Exception {
        final String device = newDeviceId();
        submit(COLLECTOR, "device", "RegisterCollection", collection(device, false).toString());
        handOver(COLLECTOR, PROCESSOR, "ProcessorOrgMSP", PROCESSOR_SITE, device);
        submit(PROCESSOR, "device", "RecordErasure", signedErasure(device, "ERASED", ECDSA_STATION).toString());
        assertThat(evaluate(PROCESSOR, "device", "GetDevice", device).path("state").asText()).isEqualTo("WIPED");
        submit(PROCESSOR, "device", "RecordDismantling", json(Map.of(
                "deviceId", device, "storageComponentCommitment", sha256Hex("emmc-" + device),
                "siteId", PROCESSOR_SITE)));
        submit(PROCESSOR, "device", "RecordStorageDestruction", json(Map.of(
                "deviceId", device, "method", "SHRED", "siteId", PROCESSOR_SITE,
                "evidenceSha256", sha256Hex("shredder video " + device))));
        handOver(PROCESSOR, SMELTER, "SmelterOrgMSP", SMELTER_SITE, device);
        final Transaction smelting = submit(SMELTER, "device", "RecordSmeltingLot", json(Map.of(
                "lotId", "LOT-" + device, "deviceIds", List.of(device), "inputCount", 1,
                "inputWeightGrams", 182, "outputWeightGrams", 41, "siteId", SMELTER_SITE)));

        final JsonNode seenByRegulator = evaluate(REGULATOR, "device", "GetDevice", device);
        assertThat(seenByRegulator.path("state").asText()).isEqualTo("SMELTED");
        assertThat(seenByRegulator.path("custodianMspId").asText()).isEqualTo("SmelterOrgMSP");

        final List<String> steps = new ArrayList<>();
        evaluate(REGULATOR, "device", "GetHistory", device).path("events")
                .forEach(event -> steps.add(event.path("type").asText()));
        assertThat(steps).containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "ERASURE_RECORDED",
                "DISMANTLED", "STORAGE_DESTROYED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "SMELTED");

        // Endorsed across organisations: the MAJORITY policy needs three of the four.
        assertThat(endorsingOrganisations(smelting)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void rejects_an_erasure_record_with_a_forged_station_signature() throws Exception {
        final String device = newDeviceId();
        submit(COLLECTOR, "device", "RegisterCollection", collection(device, false).toString());
        handOver(COLLECTOR, PROCESSOR, "ProcessorOrgMSP", PROCESSOR_SITE, device);

        final ObjectNode forged = erasure(device, "ERASED", ECDSA_STATION);
        final KeyPair impostor = ecKeyPair();
        forged.put("signature", StationKeys.sign(impostor.getPrivate(), "ECDSA_P256", ErasureSigning.payload(forged)));

        final GatewayException rejected = catchThrowableOfType(GatewayException.class,
                () -> submit(PROCESSOR, "device", "RecordErasure", forged.toString()));
        assertThat(rejected).as("an erasure signed by a key the station does not hold").isNotNull();
        assertThat(errorText(rejected)).contains("SIGNATURE_INVALID");
        assertThat(evaluate(REGULATOR, "device", "GetDevice", device).path("state").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void invalidates_a_registry_change_endorsed_without_the_regulator() throws Exception {
        final String station = "STATION-IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        final String publicKey = Base64.getEncoder().encodeToString(ecKeyPair().getPublic().getEncoded());
        submit(REGULATOR, "registry", "RegisterStation", json(Map.of(
                "stationId", station, "siteId", PROCESSOR_SITE, "algorithm", "ECDSA_P256", "publicKey", publicKey)));

        // A majority of the channel, but not RegulatorOrg's peer, which the key-level policy names.
        final Transaction withoutRegulator = gateways.contract(REGULATOR, "registry")
                .newProposal("RevokeStation")
                .addArguments(station, "compromised key")
                .setEndorsingOrganizations("CollectorOrgMSP", "ProcessorOrgMSP", "SmelterOrgMSP")
                .build()
                .endorse();
        assertThatExceptionOfType(CommitException.class)
                .isThrownBy(withoutRegulator::submit)
                .satisfies(e -> assertThat(e.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE));

        assertThat(evaluate(REGULATOR, "registry", "GetStation", station).path("status").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void purges_personal_data_and_keeps_its_hash_on_the_channel() throws Exception {
        final String device = newDeviceId();
        submit(COLLECTOR, "device", "RegisterCollection", collection(device, false).toString());
        // Sealed personal data as the collector's gateway sends it (the chaincode stores it without opening it).
        final Map<String, String> personal = new TreeMap<>(Map.of("deviceId", device, "alg", "A256GCM",
                "keyId", HexFormat.of().formatHex(randomBytes(16)),
                "nonce", Base64.getEncoder().encodeToString(randomBytes(12)),
                "ciphertext", Base64.getEncoder().encodeToString(randomBytes(80))));
        // What the chaincode stores: the canonical JSON of the sealed data with the device ID, keys sorted.
        final String expectedHash = sha256Hex(JSON.writeValueAsString(personal));
        personal.remove("deviceId");

        // A write to the collection alone: its own endorsement policy lets the collector endorse it by itself, so the
        // transient data never reaches another organisation's peer.
        final Transaction store = gateways.contract(COLLECTOR, "device")
                .newProposal("StorePersonalData")
                .addArguments(device)
                .putTransient("personal", JSON.writeValueAsBytes(personal))
                .setEndorsingOrganizations("CollectorOrgMSP")
                .build()
                .endorse();
        assertThat(store.submitAsync().getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(endorsingOrganisations(store)).containsExactly("CollectorOrgMSP");
        assertThat(JSON.readTree(store.getResult()).path("personalDataHash").asText()).isEqualTo(expectedHash);

        submit(COLLECTOR, "device", "PurgePersonalData", device);

        final JsonNode seenByRegulator = evaluate(REGULATOR, "device", "GetDevice", device);
        assertThat(seenByRegulator.path("personalDataHash").asText()).isEqualTo(expectedHash);
        assertThat(seenByRegulator.path("personalDataPurgedAt").isTextual()).isTrue();
        final GatewayException purgedAlready = catchThrowableOfType(GatewayException.class,
                () -> submit(COLLECTOR, "device", "PurgePersonalData", device));
        assertThat(purgedAlready).as("a second purge finds nothing to purge").isNotNull();
        assertThat(errorText(purgedAlready)).contains("PERSONAL_DATA_NOT_FOUND");
    }

    // --- steps -------------------------------------------------------------------------------------------------

    private void handOver(final String from, final String to, final String toMsp, final String toSite,
            final String device) throws Exception {
        final String handoverId = "HO-" + UUID.randomUUID();
        submit(from, "device", "OfferHandover", json(Map.of(
                "handoverId", handoverId, "deviceIds", List.of(device), "toMspId", toMsp, "toSiteId", toSite,
                "sealId", "SEAL-" + digits(8), "waybill", "SF" + digits(12))));
        submit(to, "device", "AcceptHandover", handoverId, json(Map.of("sealIntact", true, "note", "received")));
    }

    private ObjectNode collection(final String device, final boolean locked) {
        final ObjectNode consent = JSON.createObjectNode()
                .put("reference", "CONSENT-" + device)
                .put("scope", "all user data on internal storage and SIM")
                .put("method", "overwrite per GB/T 2027 erasure standard")
                .put("impact", "data cannot be recovered");
        return JSON.createObjectNode()
                .put("deviceId", device)
                .put("receiptHash", sha256Hex("receipt-" + device))
                .put("identifierCommitment", sha256Hex("imei-commitment-" + device))
                .put("make", "Xiaomi")
                .put("model", "Redmi Note 9")
                .put("storageGb", 128)
                .put("channel", "HOME_PICKUP")
                .put("siteId", COLLECTOR_SITE)
                .put("bagId", "BAG-" + digits(6))
                .put("sealId", "SEAL-" + digits(8))
                .put("locked", locked)
                .set("consent", consent);
    }

    private ObjectNode erasure(final String device, final String result, final String station) {
        final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final ObjectNode verification = JSON.createObjectNode().put("mode", "FULL").put("by", "op-7f3a");
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
                .put("witness", "wt-19c2")
                .put("consentReference", "CONSENT-" + device)
                .put("stationId", station);
        record.set("verification", verification);
        return record;
    }

    private ObjectNode signedErasure(final String device, final String result, final String station)
            throws Exception {
        final ObjectNode record = erasure(device, result, station);
        record.put("signature", StationKeys.sign(StationKeys.privateKey(state, station), "ECDSA_P256",
                ErasureSigning.payload(record)));
        return record;
    }

    // --- ledger access -----------------------------------------------------------------------------------------

    private Transaction submit(final String org, final String contract, final String transaction,
            final String... arguments) throws Exception {
        final Transaction endorsed = gateways.contract(org, contract)
                .newProposal(transaction)
                .addArguments(arguments)
                .build()
                .endorse();
        final Status status = endorsed.submitAsync().getStatus();
        assertThat(status.getCode()).as(org + " " + contract + ":" + transaction).isEqualTo(TxValidationCode.VALID);
        // The next step may be endorsed on other peers, which must have this block first.
        LedgerDriver.awaitEveryPeer(status.getBlockNumber(), gateways, peers);
        return endorsed;
    }

    private JsonNode evaluate(final String org, final String contract, final String transaction,
            final String... arguments) throws Exception {
        final Contract target = gateways.contract(org, contract);
        final byte[] result = target.newProposal(transaction)
                .addArguments(arguments)
                .setEndorsingOrganizations(gateways.mspId(org))
                .build()
                .evaluate();
        return JSON.readTree(result);
    }

    private static Set<String> endorsingOrganisations(final Transaction transaction) throws Exception {
        final Envelope envelope = PreparedTransaction.parseFrom(transaction.getBytes()).getEnvelope();
        final Payload payload = Payload.parseFrom(envelope.getPayload());
        final org.hyperledger.fabric.protos.peer.Transaction tx =
                org.hyperledger.fabric.protos.peer.Transaction.parseFrom(payload.getData());
        final ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
        final Set<String> msps = new TreeSet<>();
        for (final Endorsement endorsement : action.getAction().getEndorsementsList()) {
            msps.add(SerializedIdentity.parseFrom(endorsement.getEndorser()).getMspid());
        }
        return msps;
    }

    private static String errorText(final GatewayException e) {
        return e.getMessage() + e.getDetails().stream()
                .map(detail -> detail.getMspId() + ": " + detail.getMessage())
                .collect(Collectors.joining("\n", "\n", ""));
    }

    // --- values ------------------------------------------------------------------------------------------------

    private static String json(final Map<String, ?> value) {
        return JSON.valueToTree(value).toString();
    }

    private static String newDeviceId() {
        return "DEV-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static KeyPair ecKeyPair() throws Exception {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String sha256Hex(final String text) {
        return sha256Hex(text.getBytes(UTF_8));
    }

    private static String sha256Hex(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(final int n) {
        final byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String digits(final int n) {
        final StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
