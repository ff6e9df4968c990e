package io.wipetrace.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.Sha256;
import io.wipetrace.tools.Arguments;
import io.wipetrace.tools.client.ApiClient;
import io.wipetrace.tools.client.ErasureRecords;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Drives a few hundred devices through every path of the lifecycle on a running gateway, through its REST API and the
 * demo API keys, so that the portal and the audit views have something to show. It prints a receipt code per path to
 * try and writes every device's receipt code to {@code <state>/demo/receipts.csv} (mode 600).
 *
 * <p>Paths, by bag of 20 devices collected together: a bag left at the collection site, a bag offered and never
 * acknowledged, a bag rejected by the processor, a bag accepted with a broken seal, and the rest accepted. Received
 * devices go, one in ten each, to: left unwiped, failed wipe left alone, failed wipe sent to destruction, verified
 * wipe and refurbishment, wipe with exceptions; the rest are wiped, dismantled, their storage destroyed, handed to the
 * smelter and smelted in lots. Time-bound exceptions (collected but not received, …) show once their deadlines pass.
 *
 * <p>The national erasure standard's cases: half the refurbished devices are resold; a resale of a failed wipe is
 * refused ({@code RESALE_NOT_ERASED}); half the failed wipes whose storage was destroyed are exported as scrap; the bag
 * accepted with a broken seal is wiped afterwards (a compliance exception); one device is collected without a consent
 * record, its erasure is refused ({@code CONSENT_MISSING}) and it is returned to its owner unwiped; another is collected
 * without one, its owner's consent is recorded later, and it is then wiped and destroyed. Erasures overwrite or block-erase, the methods the
 * standard accepts.
 *
 * <p>Run it with {@code ./wipetrace demo [devices]}; arguments: gateway URL, state directory, devices (default 300).
 */
public final class DemoData {

    public static final String COLLECTOR_SITE = "SITE-COL-SH-01";
    public static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";
    public static final String SMELTER_SITE = "SITE-SML-QY-01";
    private static final int BAG_SIZE = 20;
    private static final int LOT_SIZE = 40;
    private static final int IN_FLIGHT = 24;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[][] MODELS = {{"Xiaomi", "Redmi Note 9"}, {"Huawei", "nova 7"}, {"OPPO", "Reno5"},
        {"vivo", "Y70s"}, {"Apple", "iPhone 8"}, {"Honor", "X10"}, {"Samsung", "Galaxy A52"}};

    /** What happened to a device, for the list of receipt codes to try. */
    enum Journey {
        COLLECTED_ONLY("collected, never sent on"),
        OFFER_PENDING("offered to the processor, not acknowledged"),
        OFFER_REJECTED("offer rejected by the processor, back with the collector"),
        RECEIVED_NOT_WIPED("received by the processor, not wiped"),
        WIPE_FAILED("wipe failed, not yet destroyed"),
        WIPE_FAILED_DESTROYED("wipe failed, storage destroyed"),
        REFURBISHED("wiped (full verification) and refurbished"),
        RESOLD("wiped (full verification), refurbished and resold"),
        RESALE_REFUSED("wipe failed; its resale refused (RESALE_NOT_ERASED)"),
        SCRAP_EXPORTED("wipe failed, storage destroyed, exported as scrap"),
        NO_CONSENT("collected without consent; its erasure refused (CONSENT_MISSING), then returned to its owner unwiped"),
        CONSENT_LATER("collected without consent; consent recorded later, then wiped, dismantled and smelted"),
        WIPED_WITH_EXCEPTIONS("wiped with exceptions, storage destroyed"),
        SMELTED("wiped, dismantled, storage destroyed, smelted"),
        SEAL_BROKEN_SMELTED("arrived with a broken seal, then wiped and smelted"),
        MISSING("not found on arrival in a bag the processor accepted in part: missing, the collector accountable");

        final String text;

        Journey(final String text) {
            this.text = text;
        }
    }

    /** One demo device. */
    static final class Device {
        final String bag;
        final String consent;
        final boolean personalData;
        boolean consentGiven = true;
        String id;
        String receiptCode;
        Journey path = Journey.COLLECTED_ONLY;

        Device(final String bag, final boolean personalData) {
            this.bag = bag;
            this.personalData = personalData;
            this.consent = "CONSENT-" + UUID.randomUUID();
        }
    }

    private final ApiClient api;
    private final Path state;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ErasureRecords erasures;
    private final long started = System.nanoTime();
    private int writes;

    DemoData(final ApiClient api, final Path state) {
        this.api = api;
        this.state = state;
        this.erasures = new ErasureRecords(state);
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DemoData <gateway URL> <state directory> [devices]");
            System.exit(2);
        }
        final Path state = Path.of(args[1]);
        final int devices = Arguments.integer(args, 2, "devices", 300);
        if (devices < 10 * BAG_SIZE) {
            System.err.println("the demo needs at least " + 10 * BAG_SIZE + " devices to walk every path");
            System.exit(2);
        }
        drive(new ApiClient(URI.create(args[0]), ApiClient.demoKeys(state)), state, devices);
    }

    /**
     * Drives {@code devices} new devices through every path once, as {@code ./wipetrace demo} does.
     *
     * @return the devices' receipt codes
     */
    public static List<String> drive(final ApiClient api, final Path state, final int devices) throws Exception {
        final DemoData demo = new DemoData(api, state);
        try {
            return demo.run(devices);
        } finally {
            demo.pool.shutdownNow();
        }
    }

    List<String> run(final int count) throws Exception {
        final String run = Instant.now().toString().replaceAll("[^0-9]", "").substring(0, 12);
        System.out.printf("WipeTrace demo: %d devices in bags of %d through %s%n", count, BAG_SIZE, api.base());

        // 1. Collection: every device, a third with personal data kept off the ledger.
        final List<Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(new Device("BAG-DEMO-" + run + "-" + (i / BAG_SIZE), i % 3 == 0));
        }
        // In the fifth bag (accepted intact), a device whose collection carries no consent record.
        final Device withoutConsent = devices.get(4 * BAG_SIZE + 5);
        withoutConsent.consentGiven = false;
        // And one whose owner's consent the processor records later, before its erasure.
        final Device consentLater = devices.get(4 * BAG_SIZE + 6);
        consentLater.consentGiven = false;
        parallel("collect", devices, device -> {
            final JsonNode collected = api.post("collector", "/api/v1/collections", collection(device))
                    .expect("collection");
            device.id = collected.path("deviceId").asText();
            device.receiptCode = collected.path("receiptCode").asText();
            return null;
        });
        final List<List<Device>> bags = partition(devices, BAG_SIZE);

        // 2. Bags to the processor: one stays, one is never acknowledged, one is rejected, one arrives with a broken
        // seal, the last arrives two devices short (accepted in part: those two are recorded as missing), the rest
        // arrive intact.
        final List<Device> received = new ArrayList<>();
        final List<List<Device>> sent = bags.subList(1, bags.size());
        final List<String> handovers = parallel("offer bags to the processor", sent, bag -> api.post("collector",
                "/api/v1/handovers", Map.of("bagId", bag.getFirst().bag, "toMspId", "ProcessorOrgMSP",
                        "toSiteId", PROCESSOR_SITE, "sealId", "SEAL-" + digits(8), "waybill", "SF" + digits(12)))
                .expect("bag offer").path("handover").path("handoverId").asText());
        parallel("answer the offers", indices(sent.size()), i -> {
            final List<Device> bag = sent.get(i);
            final String path = "/api/v1/handovers/" + handovers.get(i);
            switch (i) {
                case 0 -> bag.forEach(d -> d.path = Journey.OFFER_PENDING);
                case 1 -> {
                    api.post("processor", path + "/reject", Map.of("reason", "waybill does not match the bag"))
                            .expect("rejection");
                    bag.forEach(d -> d.path = Journey.OFFER_REJECTED);
                }
                default -> {
                    final boolean sealIntact = i != 2;
                    final Map<String, Object> acceptance = new java.util.LinkedHashMap<>(Map.of("sealIntact",
                            sealIntact, "note", sealIntact ? "received intact" : "seal cut on arrival"));
                    final List<Device> missing = i == sent.size() - 1 ? bag.subList(0, 2) : List.of();
                    if (!missing.isEmpty()) {
                        acceptance.put("missingDeviceIds", missing.stream().map(d -> d.id).toList());
                        acceptance.put("note", "two phones short of the waybill's count");
                    }
                    api.post("processor", path + "/accept", acceptance).expect("acceptance");
                    bag.forEach(d -> d.path = sealIntact ? Journey.SMELTED : Journey.SEAL_BROKEN_SMELTED);
                    missing.forEach(d -> d.path = Journey.MISSING);
                }
            }
            return null;
        });
        sent.subList(2, sent.size()).forEach(bag -> bag.stream().filter(d -> d.path != Journey.MISSING)
                .forEach(received::add));

        // 3. Erasure at the processing plant, one station after another.
        final List<Device> toDestroy = new ArrayList<>();
        final List<Device> toRefurbish = new ArrayList<>();
        final List<Device> erased = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            final Device device = received.get(i);
            switch (i % 10) {
                case 0 -> device.path = Journey.RECEIVED_NOT_WIPED;
                case 1 -> device.path = Journey.WIPE_FAILED;
                case 2 -> device.path = Journey.WIPE_FAILED_DESTROYED;
                case 3 -> device.path = Journey.REFURBISHED;
                case 4 -> device.path = Journey.WIPED_WITH_EXCEPTIONS;
                default -> { }
            }
            if (device == withoutConsent) {
                device.path = Journey.NO_CONSENT;
            } else if (device == consentLater) {
                device.path = Journey.CONSENT_LATER;
                erased.add(device);
            } else if (device.path != Journey.RECEIVED_NOT_WIPED) {
                erased.add(device);
            }
        }
        final byte[] refusedReport = report(withoutConsent, "ERASED");
        refused("erasure without consent", "CONSENT_MISSING", api.postErasure("processor",
                erasure(withoutConsent, Sha256.hex(refusedReport), "ERASED", 0), refusedReport));
        api.post("processor", "/api/v1/returns", Map.of("deviceId", withoutConsent.id, "siteId", PROCESSOR_SITE,
                "reason", "CONSENT_REFUSED")).expect("return to the owner");
        api.post("processor", "/api/v1/consents", Map.of("deviceId", consentLater.id, "siteId", PROCESSOR_SITE,
                "reference", consentLater.consent, "scope", "all user data", "method", "phone call, recorded",
                "impact", "the data cannot be recovered")).expect("consent recorded later");
        parallel("record erasures (reports signed by the stations)", erased, device -> {
            final String result = switch (device.path) {
                case WIPE_FAILED, WIPE_FAILED_DESTROYED -> "NOT_ERASED";
                case WIPED_WITH_EXCEPTIONS -> "ERASED_WITH_EXCEPTIONS";
                default -> "ERASED";
            };
            final int station = Math.floorMod(device.id.hashCode(), ErasureRecords.STATIONS.length);
            final byte[] report = report(device, result);
            api.postErasure("processor", erasure(device, Sha256.hex(report), result, station), report).expect("erasure");
            return null;
        });
        for (Device device : erased) {
            switch (device.path) {
                case WIPE_FAILED -> { }
                case REFURBISHED -> toRefurbish.add(device);
                default -> toDestroy.add(device);
            }
        }
        parallel("refurbish verified wipes", toRefurbish, device -> api.post("processor", "/api/v1/refurbishments",
                Map.of("deviceId", device.id, "siteId", PROCESSOR_SITE, "channel", "RESALE")).expect("refurbishment"));
        final List<Device> toResell = toRefurbish.subList(0, toRefurbish.size() / 2);
        parallel("resell half the refurbished devices", toResell, device -> {
            device.path = Journey.RESOLD;
            return api.post("processor", "/api/v1/resales", Map.of("deviceId", device.id, "siteId", PROCESSOR_SITE,
                    "channel", "second-hand store")).expect("resale");
        });
        final Device failed = erased.stream().filter(d -> d.path == Journey.WIPE_FAILED).findFirst().orElseThrow();
        refused("resale of a failed wipe", "RESALE_NOT_ERASED", api.post("processor", "/api/v1/resales",
                Map.of("deviceId", failed.id, "siteId", PROCESSOR_SITE, "channel", "second-hand store")));
        failed.path = Journey.RESALE_REFUSED;

        // 4. Destruction: dismantling, storage destruction, then to the smelter in batches and smelted in lots.
        parallel("dismantle", toDestroy, device -> api.post("processor", "/api/v1/dismantlings", Map.of(
                "deviceId", device.id, "siteId", PROCESSOR_SITE,
                "storageComponentCommitment", Sha256.hex(("emmc of " + device.id).getBytes(StandardCharsets.UTF_8))))
                .expect("dismantling"));
        parallel("destroy storage", toDestroy, device -> api.post("processor", "/api/v1/storage-destructions", Map.of(
                "deviceId", device.id, "siteId", PROCESSOR_SITE, "method", RANDOM.nextBoolean() ? "SHRED" : "CRUSH",
                "evidenceSha256", Sha256.hex(("video of " + device.id).getBytes(StandardCharsets.UTF_8))))
                .expect("storage destruction"));
        final List<Device> destroyedAfterFailure = toDestroy.stream()
                .filter(d -> d.path == Journey.WIPE_FAILED_DESTROYED).toList();
        parallel("export half the destroyed failed wipes as scrap",
                destroyedAfterFailure.subList(0, destroyedAfterFailure.size() / 2), device -> {
                    device.path = Journey.SCRAP_EXPORTED;
                    return api.post("processor", "/api/v1/exports", Map.of("deviceId", device.id, "siteId",
                            PROCESSOR_SITE, "destinationCountry", "MY", "declarationNumber", "DEC" + digits(10)))
                            .expect("scrap export");
                });
        final List<Device> toSmelt = toDestroy.stream().filter(d -> d.path != Journey.WIPE_FAILED_DESTROYED
                && d.path != Journey.SCRAP_EXPORTED && d.path != Journey.WIPED_WITH_EXCEPTIONS).toList();
        final List<List<Device>> lots = partition(toSmelt, LOT_SIZE);
        parallel("hand over to the smelter and smelt", lots, lot -> {
            final List<String> ids = lot.stream().map(d -> d.id).toList();
            final String handover = api.post("processor", "/api/v1/handovers", Map.of("deviceIds", ids,
                    "toMspId", "SmelterOrgMSP", "toSiteId", SMELTER_SITE, "sealId", "SEAL-" + digits(8),
                    "waybill", "SF" + digits(12))).expect("smelter handover").path("handover").path("handoverId")
                    .asText();
            api.post("smelter", "/api/v1/handovers/" + handover + "/accept", Map.of("sealIntact", true,
                    "note", "weighed in")).expect("smelter acceptance");
            final long input = 150L * ids.size() + RANDOM.nextInt(500);
            api.post("smelter", "/api/v1/lots", Map.of("lotId", "LOT-DEMO-" + run + "-" + ids.getFirst(),
                    "deviceIds", ids, "inputCount", ids.size(), "inputWeightGrams", input,
                    "outputWeightGrams", input * 22 / 100, "siteId", SMELTER_SITE)).expect("smelting lot");
            return null;
        });

        // 5. Housekeeping: a collector corrects a model name; personal data of the smelted devices is purged.
        final Device corrected = bags.getFirst().getFirst();
        final String collectedEvent = api.get("regulator", "/api/v1/audit/devices/" + corrected.id)
                .expect("audit view").path("ledger").path(0).path("eventId").asText();
        if (!collectedEvent.isEmpty()) {
            api.post("collector", "/api/v1/corrections", Map.of("deviceId", corrected.id, "eventId", collectedEvent,
                    "reason", "model misread at the counter", "correction", Map.of("model", "Redmi Note 9 Pro")))
                    .expect("correction");
            writes++;
        }
        final List<Device> purged = toSmelt.stream().filter(d -> d.personalData).toList();
        parallel("purge personal data of smelted devices", purged, device -> api.post("collector",
                "/api/v1/devices/" + device.id + "/personal-data/purge", Map.of()).expect("purge"));

        report(devices);
        return devices.stream().map(d -> d.receiptCode).toList();
    }

    /** Checks that the gateway refused a step with the code the standard's rule names, as the demo means it to. */
    private void refused(final String what, final String code, final ApiClient.Response response) {
        if (response.ok() || !code.equals(response.body().path("code").asText())) {
            throw new IllegalStateException(what + ": expected a refusal with " + code + ", got HTTP "
                    + response.status() + " " + response.body());
        }
        writes++;
        System.out.printf("  %-52s refused: %s%n", what, code);
    }

    private void report(final List<Device> devices) throws IOException {
        final Map<Journey, Integer> counts = new LinkedHashMap<>();
        final Map<Journey, Device> examples = new LinkedHashMap<>();
        for (Journey path : Journey.values()) {
            counts.put(path, 0);
        }
        for (Device device : devices) {
            counts.merge(device.path, 1, Integer::sum);
            examples.putIfAbsent(device.path, device);
        }
        final Path file = state.resolve("demo").resolve("receipts.csv");
        Files.createDirectories(file.getParent());
        final StringBuilder csv = new StringBuilder("device_id,receipt_code,path\n");
        devices.forEach(d -> csv.append(d.id).append(',').append(d.receiptCode).append(',').append(d.path).append('\n'));
        Files.writeString(file, csv);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        System.out.printf("%ndone: %d devices, %d writes in %.0f s%n%n", devices.size(), writes, elapsed());
        System.out.println("Receipt codes to try (GET /api/v1/verify/<code>, or the portal's verify page):");
        for (Map.Entry<Journey, Device> example : examples.entrySet()) {
            System.out.printf("  %-29s %s  (%d devices: %s)%n", example.getKey(), example.getValue().receiptCode,
                    counts.get(example.getKey()), example.getKey().text);
        }
        System.out.println("Every device's receipt code: " + file + " (mode 600)");
        System.out.println("Anchoring on the EVM chain follows within its window (30 s by default); the proof bundle"
                + " of a device is served once its events are anchored.");
    }

    // --- requests ----------------------------------------------------------------------------------------------------

    private Map<String, Object> collection(final Device device) {
        final String[] model = MODELS[RANDOM.nextInt(MODELS.length)];
        final Map<String, Object> body = new LinkedHashMap<>(Map.of("make", model[0], "model", model[1],
                "storageGb", 32 << RANDOM.nextInt(4), "channel", List.of("HOME_PICKUP", "STORE", "MAIL_BAG")
                        .get(RANDOM.nextInt(3)), "siteId", COLLECTOR_SITE, "locked", false, "bagId", device.bag));
        if (device.consentGiven) {
            body.put("consent", Map.of("reference", device.consent, "scope", "all user data",
                    "method", "overwrite", "impact", "data cannot be recovered"));
        }
        if (device.personalData) {
            body.put("personal", Map.of("imei", "35" + digits(13), "serial", "SN" + digits(10),
                    "contact", "+86 138 " + digits(4) + " " + digits(4)));
        }
        return body;
    }

    private ObjectNode erasure(final Device device, final String reportSha256, final String result,
            final int station) {
        return erasures.signed(device.id, PROCESSOR_SITE, device.consent, reportSha256, result, station,
                device.path == Journey.REFURBISHED);
    }

    private static byte[] report(final Device device, final String result) {
        return ("{\"report\":\"erasure\",\"device\":\"" + device.id + "\",\"result\":\"" + result + "\",\"nonce\":\""
                + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    // --- plumbing ----------------------------------------------------------------------------------------------------

    /** Runs {@code step} over the items, at most {@link #IN_FLIGHT} at a time; prints the step and how long it took. */
    private <T, R> List<R> parallel(final String name, final List<T> items, final Function<T, R> step)
            throws Exception {
        final long t0 = System.nanoTime();
        final List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            inFlight.acquire();
            futures.add(pool.submit(() -> {
                try {
                    return step.apply(item);
                } finally {
                    inFlight.release();
                }
            }));
        }
        final List<R> results = new ArrayList<>();
        for (Future<R> future : futures) {
            results.add(future.get());
        }
        writes += items.size();
        System.out.printf("  %-52s %4d in %5.1f s  (%.0f s in all)%n", name, items.size(),
                (System.nanoTime() - t0) / 1e9, elapsed());
        return results;
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    private static List<Integer> indices(final int n) {
        final List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    static <T> List<List<T>> partition(final List<T> items, final int size) {
        final List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return out;
    }

    private static String digits(final int n) {
        final StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
