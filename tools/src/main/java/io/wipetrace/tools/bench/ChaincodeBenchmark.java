package io.wipetrace.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.Sha256;
import io.wipetrace.proof.ledger.DeviceIds;
import io.wipetrace.tools.Arguments;
import io.wipetrace.tools.client.FabricNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hyperledger.fabric.client.Status;

/**
 * Throughput of the device chaincode on a running network, printed, never asserted: a single-device step
 * (RegisterCollection) at a fixed number of transactions in flight, and 100-device bag handovers (offer and
 * accept). Run it with {@code ./wipetrace bench chaincode}, which points it at the {@code up} network.
 *
 * <p>Arguments: {@code [devices] [inFlight] [bags]}, defaults 300, 8 and 5.
 */
public final class ChaincodeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAG_SIZE = 100;

    private ChaincodeBenchmark() {}

    public static void main(final String[] args) throws Exception {
        final int devices = Arguments.integer(args, 0, "devices", 300);
        final int inFlight = Arguments.integer(args, 1, "in-flight", 8);
        final int bags = Arguments.integer(args, 2, "bags", 5);
        try (FabricNetwork fabric = FabricNetwork.open(Path.of(System.getenv().getOrDefault("WIPETRACE_STATE",
                System.getProperty("user.home") + "/.local/state/wipetrace/up")))) {
            new ChaincodeBenchmark.Run(fabric, inFlight).go(devices, bags);
        }
    }

    private record Run(FabricNetwork fabric, int inFlight) {

        void go(final int devices, final int bags) throws Exception {
            final String run = UUID.randomUUID().toString().substring(0, 8);
            System.out.printf("WipeTrace chaincode benchmark: %d cores, %d in flight%n",
                    Runtime.getRuntime().availableProcessors(), inFlight);

            // Warm-up: connections, chaincode JIT, peers' caches.
            register(ids(20));

            final List<String> single = ids(devices);
            final Timing registration = register(single);
            registration.print("single-device step (RegisterCollection)", 1);

            final List<String> bagged = ids(bags * BAG_SIZE);
            register(bagged);
            final List<Long> latencies = new ArrayList<>();
            final long start = System.nanoTime();
            for (int bag = 0; bag < bags; bag++) {
                final List<String> members = bagged.subList(bag * BAG_SIZE, (bag + 1) * BAG_SIZE);
                final String handover = "HO-" + run + "-" + bag;
                final long t0 = System.nanoTime();
                submit("collector", "OfferHandover", json(Map.of("handoverId", handover, "deviceIds", members,
                        "containerId", "BAG-" + run + "-" + bag, "toMspId", "ProcessorOrgMSP",
                        "toSiteId", "SITE-PRC-SZ-01", "sealId", "SEAL-" + run + bag, "waybill", "SF-" + run + bag)));
                FabricWrites.acceptHandover(fabric.contract("processor", "device"), handover,
                        json(Map.of("sealIntact", true, "note", "bench")));
                latencies.add(System.nanoTime() - t0);
            }
            new Timing(bags, System.nanoTime() - start, latencies)
                    .print("100-device bag handover (offer + accept, sequential)", BAG_SIZE);
        }

        private Timing register(final List<String> deviceIds) throws Exception {
            final ExecutorService pool = Executors.newFixedThreadPool(inFlight);
            try {
                final long start = System.nanoTime();
                final List<Future<Long>> results = new ArrayList<>();
                for (final String id : deviceIds) {
                    results.add(pool.submit(() -> {
                        final long t0 = System.nanoTime();
                        submit("collector", "RegisterCollection", collection(id));
                        return System.nanoTime() - t0;
                    }));
                }
                final List<Long> latencies = new ArrayList<>();
                for (final Future<Long> result : results) {
                    latencies.add(result.get());
                }
                return new Timing(deviceIds.size(), System.nanoTime() - start, latencies);
            } finally {
                pool.shutdown();
            }
        }

        private void submit(final String org, final String transaction, final String... arguments) throws Exception {
            final Status status = fabric.contract(org, "device").newProposal(transaction)
                    .addArguments(arguments).build().endorse().submitAsync().getStatus();
            if (!status.isSuccessful()) {
                throw new IllegalStateException(transaction + " " + status.getTransactionId() + " was "
                        + status.getCode());
            }
        }
    }

    record Timing(int transactions, long nanos, List<Long> latencies) {

        void print(final String label, final int devicesPerTransaction) {
            final double seconds = nanos / 1e9;
            final long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%-55s %5d tx in %6.2f s: %7.1f tx/s, %8.1f devices/s, latency p50 %4d ms, p95 %4d ms%n",
                    label, transactions, seconds, transactions / seconds,
                    transactions * devicesPerTransaction / seconds, percentile(sorted, 50), percentile(sorted, 95));
        }

        static long percentile(final long[] sorted, final int p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1_000_000;
        }
    }

    private static List<String> ids(final int n) {
        final List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(DeviceIds.next());
        }
        return ids;
    }

    /** A RegisterCollection argument for a made-up device, as a collector would submit it. */
    public static String collection(final String deviceId) {
        final ObjectNode consent = JSON.createObjectNode().put("reference", consentReference(deviceId))
                .put("scope", "all user data").put("method", "overwrite").put("impact", "unrecoverable");
        return collectionWithoutConsent(deviceId).set("consent", consent).toString();
    }

    /** A collection as {@link #collection} records it, but without the owner's consent (recorded later). */
    public static ObjectNode collectionWithoutConsent(final String deviceId) {
        return JSON.createObjectNode().put("deviceId", deviceId).put("receiptHash", Sha256.hex("r" + deviceId))
                .put("identifierCommitment", Sha256.hex("i" + deviceId)).put("make", "Huawei").put("model", "P30")
                .put("storageGb", 64).put("channel", "STORE").put("siteId", "SITE-COL-SH-01").put("locked", false);
    }

    /** The owner's consent reference {@link #collection} records for a device. */
    public static String consentReference(final String deviceId) {
        return "CONSENT-" + deviceId;
    }

    private static String json(final Map<String, ?> value) {
        return JSON.valueToTree(value).toString();
    }
}
