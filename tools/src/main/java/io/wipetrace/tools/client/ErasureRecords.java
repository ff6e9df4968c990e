package io.wipetrace.tools.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Erasure records as the processor's wiping stations write them, signed with the station's key from the instance's
 * state: what the demo posts to the API and the sweep submits to the chaincode ({@code device:RecordErasure}).
 */
public final class ErasureRecords {

    /** The registered wiping stations, one per signature algorithm. */
    public static final String[] STATIONS = {"STATION-SZ-ECDSA-01", "STATION-SZ-ED25519-01", "STATION-SZ-SM2-01"};

    /** Each station's signature algorithm, by the same index. */
    public static final String[] ALGORITHMS = {"ECDSA_P256", "ED25519", "SM2"};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path state;
    private final Map<String, PrivateKey> keys = new ConcurrentHashMap<>();

    /** @param state the instance's state directory, which holds the stations' private keys */
    public ErasureRecords(final Path state) {
        this.state = state;
    }

    /**
     * A signed record of one erasure.
     *
     * @param deviceId the device wiped
     * @param siteId the processing site
     * @param consentReference the owner's consent the erasure relies on
     * @param reportSha256 the SHA-256 of the station's report file
     * @param result ERASED, ERASED_WITH_EXCEPTIONS or NOT_ERASED
     * @param station which of {@link #STATIONS}
     * @param fullVerification whether every block was read back (as for a device to be refurbished), else sampled
     */
    public ObjectNode signed(final String deviceId, final String siteId, final String consentReference,
            final String reportSha256, final String result, final int station, final boolean fullVerification) {
        final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final ObjectNode record = JSON.createObjectNode()
                .put("deviceId", deviceId)
                .put("reportId", "RPT-" + UUID.randomUUID())
                .put("reportSha256", reportSha256)
                .put("method", station == 1 ? "BLOCK_ERASE" : "OVERWRITE")
                .put("technique", station == 1 ? "NVMe format with block erase" : "one pass of random data, read back")
                .put("standard", "GB/T 42015-2022")
                .put("tool", "WipeBox")
                .put("toolVersion", "4.2.1")
                .put("result", result)
                .put("startedAt", end.minusSeconds(300 + RANDOM.nextInt(600)).toString())
                .put("endedAt", end.toString())
                .put("siteId", siteId)
                .put("operator", "op-" + (1000 + RANDOM.nextInt(9000)))
                .put("consentReference", consentReference)
                .put("stationId", STATIONS[station]);
        if (!"ERASED".equals(result)) {
            record.put("resultReason", "NOT_ERASED".equals(result) ? "CONTROLLER_NO_RESPONSE"
                    : "BAD_BLOCKS_NOT_OVERWRITTEN");
        }
        record.set("verification", JSON.createObjectNode().put("mode", fullVerification ? "FULL" : "SAMPLED")
                .put("by", "op-" + (1000 + RANDOM.nextInt(9000))));
        try {
            record.put("signature", StationKeys.sign(key(station), ALGORITHMS[station],
                    ErasureSigning.payload(record)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("station " + STATIONS[station] + " cannot sign", e);
        }
        return record;
    }

    private PrivateKey key(final int station) {
        return keys.computeIfAbsent(STATIONS[station], id -> {
            try {
                return StationKeys.privateKey(state, id);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the key of station " + id, e);
            }
        });
    }
}
