package io.wipetrace.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.proof.Sha256;
import io.wipetrace.proof.ledger.DeviceIds;
import io.wipetrace.tools.client.ErasureRecords;
import io.wipetrace.tools.client.FabricNetwork;
import io.wipetrace.tools.demo.DemoData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.Contract;

/**
 * Sweeps the number of transactions in flight for each write scenario of the chaincode, through the Fabric client, on a
 * running network: 16, 64 and 256 in flight, then doubling while throughput still rises (see {@link Sweep}). The
 * scenarios take turns, one level each, so that curves compared at a level were measured close together. Prints
 * each level as it is measured and each curve's knee; writes {@code sweep.md}, {@code sweep.csv} and the plots into
 * the run's directory; with {@code --update-docs=DIR} it also rewrites the sweep's section of
 * {@code DIR/performance.md} and its plots in {@code DIR/perf/}.
 *
 * <p>Scenarios: {@code floor} (the probe contract's one-key write, {@code foundation:PutValue}), {@code collection}
 * ({@code device:RegisterCollection}), {@code batch} ({@code device:RegisterCollections}, 100 devices a transaction,
 * counted in devices per second; {@code --batch=100,250,500} sweeps each of these sizes), and single-device steps on
 * devices prepared for them before each level (see {@link PreparedDevices}): {@code handover}
 * ({@code device:OfferHandover} of one collected device to the processor), {@code erasure} ({@code device:RecordErasure}
 * of a received device, the record signed by a wiping station, whose signature the chaincode checks),
 * {@code return} ({@code device:ReturnToOwner} of a collected device), {@code consent} ({@code device:RecordConsent}
 * of a device collected without it), and the processor's steps after an erasure, each on devices it received and
 * whose erasure (result ERASED, fully verified) was recorded while the level was prepared: {@code dismantling}
 * ({@code device:RecordDismantling}), {@code destruction} ({@code device:RecordStorageDestruction}, of devices
 * dismantled too), {@code refurbishment} ({@code device:RecordRefurbishment}), {@code resale}
 * ({@code device:RecordResale}, of devices refurbished too) and {@code export} ({@code device:RecordExport} of a
 * wiped device).
 *
 * <p>Arguments: {@code RUN_DIR [seconds] [ceiling] [--levels=16,64,256] [--scenarios=floor,collection,…]
 * [--batch=100,…] [--device-ids=ordered] [--update-docs=DIR]}: each level measures {@code seconds} (default 30) after
 * a warm-up of a sixth of that (at least 3 s); a sweep never goes above {@code ceiling} in flight (default 2048).
 * {@code --device-ids} chooses the new devices' IDs, and the floor's keys, as {@link #deviceIds} names them.
 */
public final class SweepBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FabricNetwork fabric;
    /** The device contract as the processor. */
    private final Contract processor;
    private final ErasureRecords erasures;
    /**
     * The groups of the network's processes whose CPU time each level reports, by their pid files' prefix; the
     * benchmark's own process is added as {@value #CLIENT}.
     */
    /** The network's processes by the prefix of their pid files, as {@link ProcessCpu#groups} takes them. */
    public static final Map<String, String> NETWORK = orderedMap("peers", "peer", "orderers", "orderer",
            "chaincode server", "chaincode");
    static final String CLIENT = "client";

    private final ProcessCpu cpu;
    private final LoadGenerator load;
    private final Duration warmup;
    private final Duration measure;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final Supplier<String> ids;

    private SweepBenchmark(final FabricNetwork fabric, final Path state, final int seconds, final String idStyle)
            throws IOException {
        this.fabric = fabric;
        this.ids = deviceIds(idStyle, run, sequence);
        this.processor = fabric.contract("processor", "device");
        this.erasures = new ErasureRecords(state);
        final Map<String, Supplier<Duration>> processes = new LinkedHashMap<>(
                ProcessCpu.groups(state.resolve("pids"), Path.of("/proc"), NETWORK));
        processes.put(CLIENT, ProcessCpu.of(ProcessHandle.current()));
        this.cpu = new ProcessCpu(processes);
        this.load = new LoadGenerator(cpu);
        this.warmup = Duration.ofSeconds(Math.max(3, seconds / 6));
        this.measure = Duration.ofSeconds(seconds);
    }

    /**
     * One scenario: how many devices an operation records, the operation for a level, and the devices prepared for it
     * before each level (null when it needs none).
     */
    private record Scenario(String name, String unit, IntFunction<LoadGenerator.Operation> operation, int perOperation,
            PreparedDevices prepared) {

        Scenario(final String name, final String unit, final IntFunction<LoadGenerator.Operation> operation,
                final int perOperation) {
            this(name, unit, operation, perOperation, null);
        }
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new LinkedHashMap<>();
        final List<String> positional = new ArrayList<>();
        for (final String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty()) {
            throw new IllegalArgumentException("usage: SweepBenchmark RUN_DIR [seconds] [ceiling] [--levels=…]"
                    + " [--scenarios=…] [--batch=N,…] [--device-ids=ordered|random|counter] [--update-docs=DIR]");
        }
        final Path runDir = Path.of(positional.getFirst());
        final String[] rest = positional.subList(1, positional.size()).toArray(String[]::new);
        final int seconds = io.wipetrace.tools.Arguments.integer(rest, 0, "seconds", 30);
        final int ceiling = io.wipetrace.tools.Arguments.integer(rest, 1, "ceiling", 2048);
        final List<Integer> levels = options.containsKey("levels")
                ? Arrays.stream(options.get("levels").split(",")).map(String::strip).map(Integer::valueOf).toList()
                : null;
        final List<String> names = Arrays.asList(options.getOrDefault("scenarios", "floor,collection,batch")
                .split(","));
        final List<Integer> batches = Arrays.stream(options.getOrDefault("batch", "100").split(","))
                .map(String::strip).map(Integer::valueOf).toList();

        final Path state = Path.of(System.getenv().getOrDefault("WIPETRACE_STATE",
                System.getProperty("user.home") + "/.local/state/wipetrace/up"));
        try (FabricNetwork fabric = FabricNetwork.open(state)) {
            final SweepBenchmark bench = new SweepBenchmark(fabric, state, seconds,
                    options.getOrDefault("device-ids", "ordered"));
            System.out.printf("WipeTrace sweep: %d cores here, %d s measured after %d s warm-up per level%n",
                    Runtime.getRuntime().availableProcessors(), seconds, bench.warmup.toSeconds());
            final List<Scenario> scenarios = new ArrayList<>();
            for (final String name : names) {
                // The batch scenario gives a curve per batch size; every other scenario one.
                for (final int batch : "batch".equals(name.strip()) ? batches : batches.subList(0, 1)) {
                    scenarios.add(bench.scenario(name.strip(), batch));
                }
            }
            final List<Sweep.Curve> curves = bench.sweep(scenarios, levels, ceiling);
            final String header = String.format("Written by `./wipetrace bench sweep %s` on %s: %d cores, Java %s. %d s"
                    + " measured after a %d s warm-up per level.", commandLine(args),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                    Runtime.version().feature(), seconds, bench.warmup.toSeconds());
            final String table = Sweep.markdown(curves);
            System.out.println();
            System.out.print(table);
            SweepFiles.write(runDir, header, curves);
            if (options.containsKey("update-docs")) {
                SweepFiles.updateDocs(Path.of(options.get("update-docs")), runDir, header, curves);
            }
        }
    }

    /**
     * The IDs a sweep gives new devices, and the floor's keys, so that both write keys in the same order.
     *
     * @param style {@code ordered}: the gateway's ({@link DeviceIds#next}, beginning with their time); {@code random}:
     *     wholly random ({@link DeviceIds#random}, the gateway's before); {@code counter}: {@code SWEEP-<run>-<n>},
     *     what sweeps used before, ascending within a run
     * @param run this run's name
     * @param sequence the run's counter
     * @return the IDs
     */
    static Supplier<String> deviceIds(final String style, final String run, final AtomicLong sequence) {
        return switch (style) {
            case "ordered" -> DeviceIds::next;
            case "random" -> DeviceIds::random;
            case "counter" -> () -> "SWEEP-" + run + "-" + sequence.incrementAndGet();
            default -> throw new IllegalArgumentException(
                    "--device-ids: ordered, random or counter, not " + style);
        };
    }

    /** Each group's CPU time per unit, e.g. {@code peers 11.03 ms, client 2.20 ms}. */
    static String cpuText(final Map<String, Double> millis) {
        final List<String> parts = new ArrayList<>();
        millis.forEach((group, value) -> parts.add(String.format(java.util.Locale.ROOT, "%s %.2f ms", group, value)));
        return String.join(", ", parts);
    }

    private static Map<String, String> orderedMap(final String... namesAndValues) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The arguments as typed after {@code ./wipetrace bench sweep}: all but the run's directory and the docs' path. */
    static String commandLine(final String[] args) {
        final List<String> typed = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            typed.add(args[i].startsWith("--update-docs") ? "--update-docs" : args[i]);
        }
        return String.join(" ", typed);
    }

    /**
     * Measures every scenario's curve, a level of each in turn (the first level of every scenario, then the second of
     * each, …) rather than one whole curve after another, so that a ratio between two curves at one level compares
     * measurements minutes apart, not a whole curve's time apart on a machine whose other load changes.
     */
    private List<Sweep.Curve> sweep(final List<Scenario> scenarios, final List<Integer> fixed, final int ceiling)
            throws Exception {
        for (final Scenario scenario : scenarios) {
            if (scenario.prepared() != null) {
                scenario.prepared().fill(10);
            }
            ready(scenario);
        }
        final List<List<Sweep.Point>> points = takeTurns(scenarios.size(), fixed, ceiling,
                (i, level, earlier) -> measure(scenarios.get(i), level, earlier));
        final List<Sweep.Curve> curves = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            final Sweep.Curve curve = new Sweep.Curve(scenarios.get(i).name(), scenarios.get(i).unit(), points.get(i));
            System.out.printf("%-40s knee at %d in flight (%.1f %s); peak %.1f %s at %d%n", curve.name(),
                    curve.knee().inFlight(), curve.knee().perSecond(), curve.unit(), curve.peak().perSecond(),
                    curve.unit(), curve.peak().inFlight());
            curves.add(curve);
        }
        return curves;
    }

    /** Measures one level of one of the scenarios, given the points its curve has so far. */
    @FunctionalInterface
    interface Measurement {
        Sweep.Point measure(int scenario, int level, List<Sweep.Point> earlier) throws Exception;
    }

    /**
     * The curves' points, measured in turns: the next level of every curve not yet done, then again, until every
     * curve is done. Each turn goes the other way round from the one before (the first curve first, then last), so
     * that a load that drifts during a run favours no curve: the floor, measured first at one level, is measured last
     * at the next.
     *
     * @param scenarios how many curves
     * @param fixed the levels every curve measures, or null for the sweep's own ({@link Sweep#nextLevel})
     * @param ceiling the most in flight
     * @param measurement measures a point
     * @return each curve's points, in the order measured
     */
    static List<List<Sweep.Point>> takeTurns(final int scenarios, final List<Integer> fixed, final int ceiling,
            final Measurement measurement) throws Exception {
        final List<List<Sweep.Point>> points = new ArrayList<>();
        for (int i = 0; i < scenarios; i++) {
            points.add(new ArrayList<>());
        }
        final boolean[] done = new boolean[scenarios];
        int open = scenarios;
        for (int turn = 0; open > 0; turn++) {
            for (int k = 0; k < scenarios; k++) {
                final int i = turn % 2 == 0 ? k : scenarios - 1 - k;
                if (done[i]) {
                    continue;
                }
                final OptionalInt level = nextLevel(points.get(i), fixed, ceiling);
                if (level.isEmpty()) {
                    done[i] = true;
                    open--;
                } else {
                    points.get(i).add(measurement.measure(i, level.getAsInt(), List.copyOf(points.get(i))));
                }
            }
        }
        return points;
    }

    /** The level a curve measures next: the next of the fixed levels, or the sweep's next; empty when it is done. */
    static OptionalInt nextLevel(final List<Sweep.Point> points, final List<Integer> fixed, final int ceiling) {
        if (fixed == null) {
            return Sweep.nextLevel(points, ceiling);
        }
        return points.size() < fixed.size() ? OptionalInt.of(fixed.get(points.size())) : OptionalInt.empty();
    }

    /** One level of one scenario, printed as it is measured. */
    private Sweep.Point measure(final Scenario scenario, final int level, final List<Sweep.Point> earlier)
            throws Exception {
        if (scenario.prepared() != null) {
            final double best = earlier.stream().mapToDouble(Sweep.Point::perSecond).max().orElse(0);
            scenario.prepared().fill(PreparedDevices.needed(level, best, warmup.plus(measure)));
        }
        final LoadGenerator.Result result = load.fixedBacklog(scenario.name(), level, warmup, measure,
                scenario.operation().apply(level));
        final Sweep.Point point = new Sweep.Point(level, result.perSecond() * scenario.perOperation(),
                result.millis(50), result.millis(99), result.operations(), result.errors(),
                cpu.millisPerOperation(result.operations() * scenario.perOperation()));
        System.out.printf("%-40s %5d in flight: %8.1f %-9s p50 %7.0f ms  p99 %7.0f ms  %6d done %5d failed%n",
                scenario.name(), level, point.perSecond(), scenario.unit(), point.p50Millis(), point.p99Millis(),
                point.done(), point.failed());
        System.out.printf("%-40s %5s CPU per %s: %s; all %.2f ms%n", "", "",
                scenario.unit().replace("/s", ""), cpuText(point.cpuMillis()), point.cpuMillisTotal());
        if (result.errors() > 0) {
            System.out.printf("%-40s %5s most frequent failure: %s%n", "", "", result.mostFrequentFailure());
        }
        if (result.exhausted()) {
            System.out.printf("%-40s %5s the devices prepared for this level ran out before its end: its rate is"
                    + " a lower bound%n", "", "");
        }
        return point;
    }

    /**
     * Waits until one operation of the scenario succeeds, so that the first level does not measure a peer still
     * connecting to a chaincode server that has just started (its first transactions wait for their deadlines), nor
     * fail while the peers of a network that has just started still learn of each other.
     */
    private static void ready(final Scenario scenario) throws InterruptedException {
        Readiness.standard().await(scenario.name(), () -> scenario.operation().apply(1).run());
    }

    private Scenario scenario(final String name, final int batch) throws Exception {
        final Contract device = fabric.contract("collector", "device");
        return switch (name) {
            case "floor" -> {
                final Contract foundation = fabric.contract("collector", "foundation");
                FabricWrites.requireProbe(foundation);
                yield new Scenario("floor: one key (foundation:PutValue)", "tx/s",
                        level -> () -> FabricWrites.submit(foundation, "PutValue", ids.get(), "x"), 1);
            }
            case "collection" -> new Scenario("RegisterCollection", "tx/s", level -> () -> FabricWrites.submit(device,
                    "RegisterCollection", ChaincodeBenchmark.collection(nextDevice())), 1);
            case "batch" -> new Scenario("RegisterCollections, " + batch + " devices a tx", "devices/s",
                    level -> () -> FabricWrites.submit(device, "RegisterCollections", batchOf(batch)), batch);
            case "handover" -> {
                final PreparedDevices prepared = new PreparedDevices(device, null, this::nextDevice);
                yield new Scenario("OfferHandover, one device", "tx/s", level -> () -> {
                    final String handover = "HO-" + nextDevice();
                    FabricWrites.submit(device, "OfferHandover", JSON.valueToTree(Map.of("handoverId", handover,
                            "deviceIds", List.of(prepared.take()), "containerId", "BOX-" + handover,
                            "toMspId", "ProcessorOrgMSP", "toSiteId", DemoData.PROCESSOR_SITE,
                            "sealId", "SEAL-" + handover, "waybill", "SF-" + handover)).toString());
                }, 1, prepared);
            }
            case "erasure" -> {
                final PreparedDevices prepared = new PreparedDevices(device, processor, this::nextDevice);
                yield new Scenario("RecordErasure (station-signed)", "tx/s",
                        level -> () -> erase(prepared.take(), false), 1, prepared);
            }
            case "return" -> {
                final PreparedDevices prepared = new PreparedDevices(device, null, this::nextDevice);
                yield new Scenario("ReturnToOwner", "tx/s", level -> () -> FabricWrites.submit(device, "ReturnToOwner",
                        JSON.createObjectNode().put("deviceId", prepared.take()).put("siteId", DemoData.COLLECTOR_SITE)
                                .put("reason", "OWNER_REQUEST").toString()), 1, prepared);
            }
            case "consent" -> {
                final PreparedDevices prepared = new PreparedDevices(device, null, this::nextDevice,
                        id -> ChaincodeBenchmark.collectionWithoutConsent(id).toString(), List.of());
                yield new Scenario("RecordConsent, after collection", "tx/s", level -> () -> {
                    final String id = prepared.take();
                    FabricWrites.submit(device, "RecordConsent", JSON.createObjectNode().put("deviceId", id)
                            .put("siteId", DemoData.COLLECTOR_SITE).put("reference",
                                    ChaincodeBenchmark.consentReference(id)).put("scope", "all user data")
                            .put("method", "signed form").put("impact", "unrecoverable").toString());
                }, 1, prepared);
            }
            case "dismantling" -> atProcessor("RecordDismantling, wiped device", List.of(this::erase),
                    this::dismantle);
            case "destruction" -> atProcessor("RecordStorageDestruction", List.of(this::erase, this::dismantle),
                    id -> FabricWrites.submit(processor, "RecordStorageDestruction", JSON.createObjectNode()
                            .put("deviceId", id).put("method", "SHRED").put("siteId", DemoData.PROCESSOR_SITE)
                            .put("evidenceSha256", Sha256.hex("shredded " + id)).toString()));
            case "refurbishment" -> atProcessor("RecordRefurbishment", List.of(this::erase), this::refurbish);
            case "resale" -> atProcessor("RecordResale", List.of(this::erase, this::refurbish),
                    id -> FabricWrites.submit(processor, "RecordResale", JSON.createObjectNode()
                            .put("deviceId", id).put("siteId", DemoData.PROCESSOR_SITE).put("channel", "SHOP")
                            .toString()));
            case "export" -> atProcessor("RecordExport, wiped device", List.of(this::erase),
                    id -> FabricWrites.submit(processor, "RecordExport", JSON.createObjectNode()
                            .put("deviceId", id).put("siteId", DemoData.PROCESSOR_SITE)
                            .put("destinationCountry", "VN").put("declarationNumber", "DECL-" + id).toString()));
            default -> throw new IllegalArgumentException("no sweep scenario '" + name + "'; known: floor, collection,"
                    + " batch, handover, erasure, return, consent, dismantling, destruction, refurbishment, resale,"
                    + " export");
        };
    }

    /**
     * A step at the processor, on devices it has received and taken through {@code before} (one transaction a device
     * each) while the level's devices were prepared.
     */
    private Scenario atProcessor(final String name, final List<PreparedDevices.Step> before,
            final PreparedDevices.Step step) throws Exception {
        final PreparedDevices prepared = new PreparedDevices(fabric.contract("collector", "device"), processor,
                this::nextDevice, ChaincodeBenchmark::collection, before);
        return new Scenario(name, "tx/s", level -> () -> step.apply(prepared.take()), 1, prepared);
    }

    /** A verified erasure (result ERASED, full verification), as a step before the swept one. */
    private void erase(final String deviceId) throws Exception {
        erase(deviceId, true);
    }

    /** An erasure with result ERASED, its record signed by one of the stations in turn. */
    private void erase(final String deviceId, final boolean fullVerification) throws Exception {
        final long n = sequence.incrementAndGet();
        FabricWrites.submit(processor, "RecordErasure", erasures.signed(deviceId, DemoData.PROCESSOR_SITE,
                ChaincodeBenchmark.consentReference(deviceId), Sha256.hex("report " + run + " " + n), "ERASED",
                (int) (n % ErasureRecords.STATIONS.length), fullVerification).toString());
    }

    private void dismantle(final String deviceId) throws Exception {
        FabricWrites.submit(processor, "RecordDismantling", JSON.createObjectNode().put("deviceId", deviceId)
                .put("storageComponentCommitment", Sha256.hex("storage " + deviceId))
                .put("siteId", DemoData.PROCESSOR_SITE).toString());
    }

    private void refurbish(final String deviceId) throws Exception {
        FabricWrites.submit(processor, "RecordRefurbishment", JSON.createObjectNode().put("deviceId", deviceId)
                .put("siteId", DemoData.PROCESSOR_SITE).put("channel", "OUTLET").toString());
    }

    private String nextDevice() {
        return ids.get();
    }

    private String batchOf(final int size) throws Exception {
        final List<String> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(nextDevice());
        }
        return PreparedDevices.collections(ids);
    }
}
