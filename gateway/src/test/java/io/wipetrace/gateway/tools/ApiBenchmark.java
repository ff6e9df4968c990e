package io.wipetrace.gateway.tools;

import io.wipetrace.gateway.anchoring.BundleChecks;
import io.wipetrace.proof.ledger.DeviceIds;
import io.wipetrace.tools.Arguments;
import io.wipetrace.tools.bench.BackgroundLoad;
import io.wipetrace.tools.bench.ChaincodeBenchmark;
import io.wipetrace.tools.bench.FabricWrites;
import io.wipetrace.tools.bench.LoadGenerator;
import io.wipetrace.tools.bench.Plots;
import io.wipetrace.tools.bench.ProcessCpu;
import io.wipetrace.tools.bench.ProjectionLag;
import io.wipetrace.tools.bench.SweepBenchmark;
import io.wipetrace.tools.bench.Timeline;
import io.wipetrace.tools.bench.WarmUp;
import io.wipetrace.tools.client.ApiClient;
import io.wipetrace.tools.client.FabricNetwork;
import io.wipetrace.tools.client.GatewayDatabase;
import io.wipetrace.tools.demo.DemoData;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.hyperledger.fabric.client.Contract;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The API's figures on a running network, in one run, printed and written with PNG plots into an output directory
 * (the instance's state, outside the clone: its section in {@code performance.md} and the plots under {@code perf/});
 * into {@code docs/} only when asked with {@code --update-docs=<docs directory>}:
 *
 * <ol>
 *   <li>the network's raw capacity: a floor transaction that writes one key ({@code foundation:PutValue});</li>
 *   <li>a collection (one device) submitted through the Fabric client directly;</li>
 *   <li>the same through the REST API ({@code POST /api/v1/collections});</li>
 *   <li>how long a collection takes to become visible to consumers after its write returned: until the projection has
 *       projected its block (projection lag);</li>
 *   <li>verification ({@code GET /api/v1/verify/{code}}) at a fixed rate.</li>
 * </ol>
 *
 * The first three run at the same number of transactions in flight. The second and third are measured in turns
 * ({@code --turns=N}, default {@value #DEFAULT_TURNS}): Fabric then REST, then REST then Fabric, and so on, each
 * scenario's turns reported together and the REST ÷ Fabric ratio of each turn beside it, so that a load drifting
 * through the run favours neither path and the ratio's spread shows. The gateway under test is started as a process of
 * its own (from the gateway's jar, with the JVM options the services get), as one more replica beside the running
 * one: same network and database, its own port, no projection or anchoring of its own, and the verify rate limit
 * lifted (all the load comes from one address); the load comes from this JVM, whose Fabric client also drives the
 * first two scenarios. Each scenario's CPU time per operation is printed for both processes, read over its measured
 * part, and the blocks the channel cut meanwhile; {@code timeline.csv} in the output directory has every second of the
 * run ({@link Timeline}). With {@code --jfr} the gateway under test records its flight during the REST writes and
 * during the two verify runs into the output directory ({@code gateway-rest.jfr}, {@code gateway-verify.jfr}). Run it
 * with {@code ./wipetrace bench api [--update-docs] [--jfr] [--turns=N] [seconds] [in-flight] [verify-rate]}.
 */
public final class ApiBenchmark {

    private static final String BEGIN = "<!-- ./wipetrace bench api: begin -->";
    private static final String END = "<!-- ./wipetrace bench api: end -->";

    private static final String GATEWAY = "gateway under test";
    private static final String CLIENT = "benchmark client";
    private static final String DATABASE = "PostgreSQL";
    private static final String COMPILING = "gateway under test's JIT compiling (elapsed time, not CPU)";
    /** The system's own processes, by the prefix of their pid files: each group's CPU per operation is printed too. */
    private static final Map<String, String> SYSTEM = systemProcesses();

    /** Warm-up ends when a round's JIT compiling took at most this share of its wall time. */
    private static final double MAX_COMPILING_SHARE = 0.05;
    private static final int MAX_WARM_UP_ROUNDS = 30;

    /**
     * The two collection scenarios are measured twice each by default, in the order Fabric, REST, REST, Fabric, so
     * that a load drifting through the run favours neither.
     */
    static final int DEFAULT_TURNS = 2;

    /** Starts a flight recording of the gateway under test into a file of that name, or nothing; closing ends it. */
    @FunctionalInterface
    private interface Recording {
        AutoCloseable start(String file) throws Exception;
    }

    /**
     * The benchmark's HTTP client keeps an idle connection this long (the JDK's default is 30 s): a REST turn follows
     * up to two Fabric turns, and with the default the client closed its 256 connections during them, which the
     * gateway under test paid for in the Fabric turn (closing them, compiling that code) and again in the next REST
     * turn (opening them anew). The gateway's Tomcat keeps an idle connection 60 s, longer than those gaps.
     */
    static final String CLIENT_KEEP_ALIVE_SECONDS = "600";

    /**
     * Consumers keep verifying while partners write: this many verifications a second run in the background through
     * every write scenario (both paths alike), not measured with them, of the receipts the warm-up wrote. Without
     * them the gateway under test served writes only for minutes, and then compiled its read path again when the
     * verify runs began, on the cores those runs measured (docs/performance.md, issue 17's eleventh step).
     */
    static final double READS_DURING_WRITES = 10;
    /**
     * Threads for those verifications: enough that none waits for another to end (at 4, reads that each waited a
     * second in the gateway left the rest queued here, and their latencies measured this queue).
     */
    static final int READERS = 64;
    /** The background reads due while REST writes ran (their turns and the writes still answering after them). */
    static final String REST_WRITES = "during the REST writes";
    /** The background reads due while the benchmark's Fabric client wrote (the floor and its collection turns). */
    static final String FABRIC_WRITES = "during the Fabric client's writes";

    /** Which writes ran when a background read was due, from the timeline's phase. */
    static String writesNow(final String phase) {
        return phase.contains("(REST API)") ? REST_WRITES : FABRIC_WRITES;
    }

    private final LoadGenerator load;
    private final ProcessCpu cpu;
    private final LedgerBlocks blocks;
    /** What each run cost: every process's CPU per operation and the blocks the channel cut meanwhile. */
    private record Costs(Map<String, Double> cpuPerOperation, long blocks) {}

    private final Map<LoadGenerator.Result, Costs> costs = new java.util.IdentityHashMap<>();
    private LongSupplier checkpoint;
    private Anchors anchors;
    private Recording flightRecording;
    private WarmUp.Outcome warmedUp;
    /** The receipts of the warm-up's collections. */
    private List<String> warmUpReceipts = List.of();
    private BackgroundLoad.Figures readsDuringWrites;
    private WarmUp.Outcome clientWarmedUp;
    private List<Double> turnRatios = List.of();
    private final Duration warmup;
    private final Duration measure;
    private final int inFlight;
    private final double verifyRate;
    /** How many times the collection is measured through the Fabric client and through the REST API, in turns. */
    private final int turns;

    private ApiBenchmark(final Duration warmup, final Duration measure, final int inFlight, final double verifyRate,
            final int turns, final ProcessCpu cpu, final LedgerBlocks blocks) {
        this.turns = turns;
        this.cpu = cpu;
        this.blocks = blocks;
        this.load = new LoadGenerator(LoadGenerator.Window.all(phase, cpu, blocks));
        this.warmup = warmup;
        this.measure = measure;
        this.inFlight = inFlight;
        this.verifyRate = verifyRate;
    }

    public static void main(final String[] given) throws Exception {
        // Read once, when the JDK's HTTP client is first used.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", CLIENT_KEEP_ALIVE_SECONDS);
        }
        final String docsFlag = "--update-docs=";
        final String jfrFlag = "--jfr";
        final String turnsFlag = "--turns=";
        final List<Path> docsToUpdate = java.util.Arrays.stream(given).filter(a -> a.startsWith(docsFlag))
                .map(a -> Path.of(a.substring(docsFlag.length()))).toList();
        final boolean jfr = java.util.Arrays.asList(given).contains(jfrFlag);
        final int turns = java.util.Arrays.stream(given).filter(a -> a.startsWith(turnsFlag))
                .mapToInt(a -> turns(a.substring(turnsFlag.length()))).reduce((a, b) -> b).orElse(DEFAULT_TURNS);
        final String[] args = java.util.Arrays.stream(given).filter(a -> !a.startsWith(docsFlag) && !a.equals(jfrFlag)
                && !a.startsWith(turnsFlag)).toArray(String[]::new);
        final String jar = System.getenv("WIPETRACE_BENCH_GATEWAY_JAR");
        if (args.length < 2 || jar == null || jar.isBlank()) {
            System.err.println("usage: ApiBenchmark <state directory> <output directory> [seconds] [in-flight]"
                    + " [verify/s] [--jfr] [--turns=N] [--update-docs=<docs directory>], with"
                    + " WIPETRACE_BENCH_GATEWAY_JAR naming the gateway's jar (and WIPETRACE_BENCH_GATEWAY_JAVA_OPTIONS"
                    + " its JVM's options)");
            System.exit(2);
        }
        final Path state = Path.of(args[0]);
        final Path output = Path.of(args[1]);
        final List<Path> outputs = new java.util.ArrayList<>(List.of(output));
        outputs.addAll(docsToUpdate);
        final int seconds = Arguments.integer(args, 2, "seconds", 30);
        final int inFlight = Arguments.integer(args, 3, "in-flight", 16);
        final double rate = args.length > 4 ? Double.parseDouble(args[4]) : 500;
        final String options = System.getenv().getOrDefault("WIPETRACE_BENCH_GATEWAY_JAVA_OPTIONS", "").strip();
        // One more replica beside the running gateway: same network and database (the instance's files under
        // WIPETRACE_STATE, which it inherits), no projection or anchoring of its own, and the verify rate limit lifted
        // (all the load comes from one address).
        try (GatewayProcess gateway = GatewayProcess.start(Path.of(System.getProperty("java.home"), "bin", "java"),
                Path.of(jar), options.isEmpty() ? List.of() : List.of(options.split("\\s+")), List.of(
                        "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                        "--wipetrace.projection.enabled=false", "--wipetrace.anchoring.enabled=false",
                        "--wipetrace.security.demo-keys.enabled=true",
                        "--wipetrace.verify.rate-limit.capacity=1000000000"),
                output.resolve("gateway-under-test.log"), Duration.ofMinutes(3));
                FabricNetwork fabric = FabricNetwork.open(state);
                Connection anchorsDb = GatewayDatabase.open(state);
                Checkpoint checkpoint = new Checkpoint(GatewayDatabase.open(state))) {
            final ApiClient api = new ApiClient(gateway.base(), ApiClient.demoKeys(state));
            final Map<String, Supplier<Duration>> processes = new LinkedHashMap<>();
            processes.put(GATEWAY, ProcessCpu.of(gateway.handle()));
            processes.put(COMPILING, compilationTime(api));
            processes.put(CLIENT, ProcessCpu.of(ProcessHandle.current()));
            database(state).ifPresent(postgres -> processes.put(DATABASE,
                    ProcessCpu.ofTree(postgres, Path.of("/proc"))));
            // The rest of the system the writes load: what one costs them is what the two paths share.
            processes.putAll(ProcessCpu.groups(state.resolve("pids"), Path.of("/proc"), SYSTEM));
            final ProcessCpu cpu = new ProcessCpu(processes);
            final LedgerBlocks blocks = new LedgerBlocks(() -> fabric.height("collector"));
            final ApiBenchmark benchmark = new ApiBenchmark(Duration.ofSeconds(Math.max(3, seconds / 6)),
                    Duration.ofSeconds(seconds), inFlight, rate, turns, cpu, blocks);
            benchmark.anchors = new Anchors(new JdbcTemplate(new SingleConnectionDataSource(anchorsDb, true)),
                    BundleChecks.rpcUrl());
            benchmark.checkpoint = checkpoint;
            benchmark.flightRecording = jfr ? file -> gateway.flightRecording(output.resolve(file))
                    : file -> () -> {};
            try (Timeline timeline = Timeline.start(output.resolve("timeline.csv"), processes,
                    () -> fabric.height("collector"), benchmark.phase::now)) {
                benchmark.run(api, fabric, outputs);
            }
        }
    }

    /** What runs now, for the timeline. */
    private final Phase phase = new Phase();

    /** The scenario that runs now, its warm-up included, or the one whose measured part was the last to end. */
    static final class Phase implements LoadGenerator.Window {
        private volatile String now = "starting";

        @Override
        public void starts(final String scenario) {
            now = scenario;
        }

        @Override
        public void begins() {
            // the scenario's name stays
        }

        @Override
        public void ends() {
            now = "after " + now;
        }

        String now() {
            return now;
        }
    }

    /**
     * The channel's height at the measured part's beginning and end: how many blocks it cut, or {@link #UNKNOWN} when
     * either reading failed (a peer just restarted can take longer to answer than the client waits); the run goes on.
     */
    static final class LedgerBlocks implements LoadGenerator.Window {
        /** What {@link #cut} is when a height could not be read. */
        static final long UNKNOWN = -1;
        private final LongSupplier height;
        private long atBegin;
        private volatile long cut;

        LedgerBlocks(final LongSupplier height) {
            this.height = height;
        }

        @Override
        public void begins() {
            atBegin = read();
        }

        @Override
        public void ends() {
            final long atEnd = read();
            cut = atBegin == UNKNOWN || atEnd == UNKNOWN ? UNKNOWN : atEnd - atBegin;
        }

        private long read() {
            try {
                return height.getAsLong();
            } catch (RuntimeException unreadable) {
                System.out.printf("the channel's height could not be read (%s): this part's blocks are unknown%n",
                        unreadable.getMessage());
                return UNKNOWN;
            }
        }

        /** The blocks cut over the last measured part, or {@link #UNKNOWN}. */
        long cut() {
            return cut;
        }

        /**
         * @param parts the blocks each part cut
         * @return their sum, or {@link #UNKNOWN} if any is
         */
        static long total(final java.util.stream.LongStream parts) {
            final long[] each = parts.toArray();
            return java.util.Arrays.stream(each).anyMatch(cut -> cut == UNKNOWN) ? UNKNOWN
                    : java.util.Arrays.stream(each).sum();
        }
    }

    private static Map<String, String> systemProcesses() {
        final Map<String, String> groups = new LinkedHashMap<>(SweepBenchmark.NETWORK);
        groups.put("system's gateway (projection, anchoring)", "gateway");
        groups.put("EVM node", "evm");
        return groups;
    }

    /** Every process's CPU per operation summed (the compiler's elapsed time left out: it is not CPU). */
    private double allCpu(final LoadGenerator.Result result) {
        return costs.get(result).cpuPerOperation().entrySet().stream().filter(e -> !e.getKey().equals(COMPILING))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The number of turns given to {@code --turns=}: a whole number from 1 to 20. */
    static int turns(final String given) {
        try {
            final int turns = Integer.parseInt(given.strip());
            if (turns >= 1 && turns <= 20) {
                return turns;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException("--turns= takes a whole number from 1 to 20, not '" + given + "'");
    }

    /** The instance's own PostgreSQL server (its postmaster, whose backends are its children), if it runs one. */
    private static java.util.Optional<ProcessHandle> database(final Path state) throws java.io.IOException {
        final Path pidFile = state.resolve("pids/postgres.pid");
        if (!Files.exists(pidFile)) {
            return java.util.Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
    }

    /** The projection's checkpoint, read on a connection of its own (outside the gateway's pool). */
    private static final class Checkpoint implements LongSupplier, AutoCloseable {
        private final Connection connection;
        private final PreparedStatement query;

        Checkpoint(final Connection connection) throws SQLException {
            this.connection = connection;
            query = connection.prepareStatement("SELECT max(block_number) FROM projection_checkpoint");
        }

        @Override
        public long getAsLong() {
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the projection's checkpoint", e);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private void run(final ApiClient api, final FabricNetwork fabric, final List<Path> outputs) throws Exception {
        final long firstAnchor = anchors.nextSequence();
        System.out.printf("WipeTrace API benchmark: %d cores, %d in flight, %d s measured after %d s warm-up%n",
                Runtime.getRuntime().availableProcessors(), inFlight, measure.toSeconds(), warmup.toSeconds());
        final Contract foundation = fabric.contract("collector", "foundation");
        FabricWrites.requireProbe(foundation);
        // Both paths write keys in the gateway's order: new IDs begin with their time (DeviceIds).
        final LoadGenerator.Operation floorOne = () -> FabricWrites.submit(foundation, "PutValue", DeviceIds.next(),
                "x");
        final Contract device = fabric.contract("collector", "device");
        final LoadGenerator.Operation directOne = () -> FabricWrites.submit(device, "RegisterCollection",
                ChaincodeBenchmark.collection(DeviceIds.next()));

        warmUpClient(floorOne, directOne);
        warmUp(api);

        final BackgroundLoad reads = BackgroundLoad.start(READS_DURING_WRITES, READERS, () -> writesNow(phase.now()),
                verifications(api, warmUpReceipts));
        final LoadGenerator.Result floor;
        final List<String> receipts = new CopyOnWriteArrayList<>();
        // One reader follows the projection's checkpoint (its own database connection, not the pool the writes use)
        // and settles every sampled write whose block it has reached (see ProjectionLag).
        final ProjectionLag probe;
        // The same transaction through the Fabric client and through the REST API, in turns: Fabric then REST, then
        // REST then Fabric, and so on, so that a load drifting through the run favours neither path.
        final List<LoadGenerator.Result> directs = new ArrayList<>();
        final List<LoadGenerator.Result> rests = new ArrayList<>();
        try (reads) {
            floor = report(load.fixedBacklog("floor: one key (Fabric client)", inFlight, warmup, measure, floorOne));
            probe = new ProjectionLag(checkpoint, Duration.ofSeconds(30), Duration.ofMillis(10));
            final LoadGenerator.Operation restOne = () -> {
                final JsonNode answer = api.post("collector", "/api/v1/collections", collection())
                        .expect("collection");
                final long written = System.nanoTime();
                receipts.add(answer.path("receiptCode").asText());
                if (receipts.size() % 4 == 0) {
                    probe.written(answer.path("ledger").path("blockNumber").asLong(), written);
                }
            };
            try (probe) {
                for (int turn = 1; turn <= turns; turn++) {
                    final String suffix = turns == 1 ? "" : ", turn " + turn;
                    for (boolean viaRest : turn % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                        if (!viaRest) {
                            directs.add(report(load.fixedBacklog("collection (Fabric client)" + suffix, inFlight,
                                    warmup, measure, directOne)));
                            continue;
                        }
                        try (AutoCloseable recording = flightRecording.start(turns == 1 ? "gateway-rest.jfr"
                                : "gateway-rest-" + turn + ".jfr")) {
                            rests.add(report(load.fixedBacklog("collection (REST API)" + suffix, inFlight, warmup,
                                    measure, restOne)));
                        }
                    }
                }
            }
        }
        readsDuringWrites = reads.figures();
        System.out.printf("%-34s %6d ok %4d failed: %7.1f /s  p50 %7.1f ms  p99 %7.1f ms  (in the background, through"
                + " every write scenario%s)%n", "verify during the writes", readsDuringWrites.done(),
                readsDuringWrites.failed(), READS_DURING_WRITES, readsDuringWrites.millis(50),
                readsDuringWrites.millis(99), readsDuringWrites.failed() == 0 ? ""
                        : "; first failure: " + readsDuringWrites.firstFailure());
        for (String part : List.of(REST_WRITES, FABRIC_WRITES)) {
            System.out.printf("%-34s %6d ok: p50 %7.1f ms  p99 %7.1f ms%n", "  due " + part,
                    readsDuringWrites.done(part), readsDuringWrites.millis(part, 50),
                    readsDuringWrites.millis(part, 99));
        }
        final LoadGenerator.Result direct = combined("collection (Fabric client)", directs);
        final LoadGenerator.Result rest = combined("collection (REST API)", rests);
        final List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            ratios.add(rests.get(i).perSecond() / directs.get(i).perSecond());
        }
        turnRatios = List.copyOf(ratios);
        System.out.printf("%-34s %.2f over %d turns (each turn: %s)%n", "REST ÷ Fabric client", rest.perSecond()
                / direct.perSecond(), turns, String.join(", ", ratios.stream().map(r -> String.format("%.2f", r))
                        .toList()));
        System.out.printf("%-34s %.2f: every process's CPU per collection, %.2f ms through the Fabric client, %.2f ms"
                + " through the REST API (each turn: %s)%n", "by CPU, Fabric ÷ REST", allCpu(direct) / allCpu(rest),
                allCpu(direct), allCpu(rest), String.join(", ", java.util.stream.IntStream.range(0, turns)
                        .mapToObj(i -> String.format("%.2f", allCpu(directs.get(i)) / allCpu(rests.get(i))))
                        .toList()));
        final Histogram lag = probe.lags();
        final int lagTimeouts = probe.timeouts();
        System.out.printf("%-34s %6d sampled: p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%d not projected in 30 s)%n",
                "projection lag (write → projected)", lag.getTotalCount(), lag.getValueAtPercentile(50) / 1e6,
                lag.getValueAtPercentile(99) / 1e6, lag.getMaxValue() / 1e6, lagTimeouts);

        final LoadGenerator.Operation verifyOne = verifications(api, receipts);
        // Right after the writes the anchoring service is still anchoring their windows (EVM transactions and
        // their records on Fabric, which the peers endorse and commit on the same two cores); then once it has
        // caught up, as a consumer's reads meet the system most of the time.
        // The first run begins the moment the writes end, with the same warm-up as every other scenario: in it the
        // gateway under test compiles its read path again after the writes (seconds of its JIT compiler in earlier
        // runs), which has nothing to do with anchoring. Its latencies and failures are counted apart and printed; the
        // verifications started after it while anchoring was still behind are what the goal judges.
        final LoadGenerator.Result verifyCatchingUp;
        final LoadGenerator.Result verify;
        final CatchingUp catchingUp;
        try (AutoCloseable recording = flightRecording.start("gateway-verify.jfr")) {
            final Recorder whileBehind = new Recorder(3);
            final Recorder leadIn = new Recorder(3);
            final AtomicLong leadInFailed = new AtomicLong();
            try (Anchors.CatchUp catchUp = anchors.follow(Duration.ofMillis(200))) {
                final long measuredFrom = System.nanoTime() + warmup.toNanos();
                verifyCatchingUp = report(load.fixedRate("verify, anchors catching up", verifyRate, warmup,
                        measure, () -> {
                            final boolean behind = catchUp.behind();
                            final long start = System.nanoTime();
                            final boolean warming = start < measuredFrom;
                            try {
                                verifyOne.run();
                            } catch (Exception | AssertionError e) {
                                if (warming) {
                                    leadInFailed.incrementAndGet();
                                }
                                throw e;
                            }
                            if (warming) {
                                leadIn.recordValue(System.nanoTime() - start);
                            } else if (behind) {
                                whileBehind.recordValue(System.nanoTime() - start);
                            }
                        }));
                catchUp.check();
                catchingUp = new CatchingUp(catchUp.behindAtStart(), catchUp.caughtUpAfterSeconds(),
                        whileBehind.getIntervalHistogram(), new LeadIn(warmup.toMillis() / 1000.0,
                                leadIn.getIntervalHistogram(), leadInFailed.get()));
            }
            System.out.println(catchingUp.line());
            final Duration settling = anchors.awaitCaughtUp(Duration.ofMinutes(3));
            System.out.printf("anchoring caught up with the writes %d s after the first verify run%n",
                    settling.toSeconds());
            verify = report(load.fixedRate("verify, anchors caught up", verifyRate, warmup, measure,
                    verifyOne));
        }

        final Anchors.Figures anchored = anchors.since(firstAnchor);
        System.out.println(anchored.line());

        final List<LoadGenerator.Result> writes = List.of(floor, direct, rest);
        for (Path docs : outputs) {
            Files.createDirectories(docs);
            Plots.write(docs.resolve("perf/api-writes-throughput.png"), "Writes per second", "tx/s", writes,
                    s -> s.operations());
            Plots.write(docs.resolve("perf/api-writes-latency.png"), "Write latency, p99 per second", "ms", writes,
                    LoadGenerator.Second::p99Millis);
            Plots.write(docs.resolve("perf/api-verify-latency.png"), String.format(
                    "Verify latency at %.0f/s, p99 per second", verifyRate), "ms", List.of(verifyCatchingUp, verify),
                    LoadGenerator.Second::p99Millis);
            writeReport(docs.resolve("performance.md"), floor, direct, rest, verifyCatchingUp, catchingUp, verify,
                    lag, lagTimeouts, anchored);
        }
    }

    /**
     * The gateway under test starts cold: measured at once, its first level would pay for the JIT compiler's work and
     * for code still interpreted (a first verify run cost it 2.4 times the CPU of a later one), and a few seconds of
     * warm-up left its C2 compiler working through the whole REST level, a third of the gateway's CPU. So both its
     * paths run first, unmeasured, in rounds (REST collections at the benchmark's concurrency, then verifications of
     * them at its rate) until a round's compiling took at most a twentieth of its wall time ({@link WarmUp}).
     */
    private void warmUp(final ApiClient api) throws InterruptedException {
        final List<String> receipts = new CopyOnWriteArrayList<>();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final WarmUp.Outcome outcome = new WarmUp(MAX_COMPILING_SHARE, MAX_WARM_UP_ROUNDS).run(
                compilationTime(api), () -> {
                    final LoadGenerator.Result written = load.fixedBacklog("warm-up: collection (REST API)",
                            inFlight, Duration.ZERO, warmup.multipliedBy(2), () -> receipts.add(api.post("collector",
                                    "/api/v1/collections", collection()).expect("collection").path("receiptCode")
                                    .asText()));
                    if (receipts.isEmpty()) {
                        throw new IllegalStateException("no REST collection succeeded while warming the gateway under"
                                + " test up: " + written.failures());
                    }
                    final LoadGenerator.Result read = load.fixedRate("warm-up: verify", verifyRate,
                            Duration.ZERO, warmup, verifications(api, receipts));
                    writes.addAndGet((int) written.operations());
                    reads.addAndGet((int) read.operations());
                    failed.addAndGet((int) (written.errors() + read.errors()));
                },
                round -> System.out.printf("warm-up round %d: %.1f s, the gateway under test compiling %.1f s (%.0f %%"
                        + " of it)%n", round.number(), round.wall().toMillis() / 1e3, round.compiling().toMillis() / 1e3,
                        100 * round.compilingShare()));
        warmedUp = outcome;
        warmUpReceipts = List.copyOf(receipts);
        System.out.printf("gateway under test warmed up, not measured: %d REST collections, %d verifications (%d"
                + " failed) in %d rounds; its JIT compiler %s%n", writes.get(), reads.get(), failed.get(),
                outcome.rounds().size(),
                outcome.settled() ? "had settled" : "had NOT settled after " + MAX_WARM_UP_ROUNDS + " rounds");
    }

    /**
     * The benchmark's own Fabric client starts cold as well: measured at once, the first Fabric levels cost this JVM
     * about twice the CPU per transaction of later ones (5.0–5.9 ms against 2.7 ms in a run at 256 in flight), which
     * is CPU the peers did not get, and that favoured the REST API, measured after them. So the two Fabric scenarios
     * run first, unmeasured, in rounds until this JVM's compiling took at most a twentieth of a round. The REST and
     * verify paths of this JVM (its HTTP client) warm up with the gateway's own rounds.
     */
    private void warmUpClient(final LoadGenerator.Operation floorOne, final LoadGenerator.Operation directOne)
            throws InterruptedException {
        final java.lang.management.CompilationMXBean compiler =
                java.lang.management.ManagementFactory.getCompilationMXBean();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final WarmUp.Outcome outcome = new WarmUp(MAX_COMPILING_SHARE, MAX_WARM_UP_ROUNDS).run(
                () -> Duration.ofMillis(compiler.getTotalCompilationTime()), () -> {
                    for (LoadGenerator.Operation operation : List.of(floorOne, directOne)) {
                        final LoadGenerator.Result result = load.fixedBacklog("warm-up: Fabric client", inFlight,
                                Duration.ZERO, warmup, operation);
                        done.addAndGet((int) result.operations());
                        failed.addAndGet((int) result.errors());
                    }
                },
                round -> System.out.printf("client warm-up round %d: %.1f s, this JVM compiling %.1f s (%.0f %% of"
                        + " it)%n", round.number(), round.wall().toMillis() / 1e3, round.compiling().toMillis() / 1e3,
                        100 * round.compilingShare()));
        clientWarmedUp = outcome;
        System.out.printf("benchmark client's Fabric path warmed up, not measured: %d transactions (%d failed) in %d"
                + " rounds; its JIT compiler %s%n", done.get(), failed.get(), outcome.rounds().size(),
                outcome.settled() ? "had settled" : "had NOT settled after " + MAX_WARM_UP_ROUNDS + " rounds");
    }

    /** The gateway under test's accumulated JIT compiling time, from its {@code jvm.compilation.time} metric. */
    private static Supplier<Duration> compilationTime(final ApiClient api) {
        return () -> {
            final JsonNode metric = api.get("admin", "/actuator/metrics/jvm.compilation.time").expect("metric");
            return Duration.ofMillis(metric.path("measurements").path(0).path("value").asLong());
        };
    }

    /** Verifications of the given receipts, one after another round the list. */
    private static LoadGenerator.Operation verifications(final ApiClient api, final List<String> receipts) {
        final AtomicInteger next = new AtomicInteger();
        return () -> {
            final var answer = api.get(null, "/api/v1/verify/"
                    + receipts.get(Math.floorMod(next.getAndIncrement(), receipts.size())));
            if (answer.status() != 200) {
                throw new IllegalStateException("verify answered " + answer.status());
            }
        };
    }


    private static Map<String, Object> collection() {
        return Map.of("make", "Huawei", "model", "P30", "storageGb", 64, "channel", "STORE",
                "siteId", DemoData.COLLECTOR_SITE, "locked", false, "consent", Map.of("reference",
                        "CONSENT-" + UUID.randomUUID(), "scope", "all user data", "method", "overwrite",
                        "impact", "unrecoverable"));
    }

    /**
     * A scenario measured in turns, as one run ({@link LoadGenerator.Result#combined}); each process's CPU per
     * operation is the parts' total over their operations. A single part is returned as it is.
     */
    private LoadGenerator.Result combined(final String name, final List<LoadGenerator.Result> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        final LoadGenerator.Result all = LoadGenerator.Result.combined(name, parts);
        final Map<String, Double> perOperation = new LinkedHashMap<>();
        for (String process : costs.get(parts.get(0)).cpuPerOperation().keySet()) {
            double millis = 0;
            long operations = 0;
            for (LoadGenerator.Result part : parts) {
                final long done = part.operations() + part.errors();
                if (done > 0) {
                    millis += costs.get(part).cpuPerOperation().get(process) * done;
                    operations += done;
                }
            }
            perOperation.put(process, operations == 0 ? Double.NaN : millis / operations);
        }
        costs.put(all, new Costs(perOperation,
                LedgerBlocks.total(parts.stream().mapToLong(part -> costs.get(part).blocks()))));
        print(all, parts.size() + " turns together");
        return all;
    }

    /** Prints a run's figures with what an operation cost each process in CPU, kept for the report. */
    private LoadGenerator.Result report(final LoadGenerator.Result result) {
        costs.put(result, new Costs(cpu.millisPerOperation(result.operations() + result.errors()), blocks.cut()));
        print(result, result.mode());
        return result;
    }

    /** A run's figures and each process's CPU per operation, on two lines. */
    private void print(final LoadGenerator.Result result, final String how) {
        System.out.printf("%-34s %6d ok %4d failed: %7.1f /s  p50 %7.1f ms  p99 %7.1f ms  (%s)%n", result.name(),
                result.operations(), result.errors(), result.perSecond(), result.millis(50), result.millis(99), how);
        System.out.printf("%-34s CPU per operation: %s%n", "", String.join(", ", costs.get(result).cpuPerOperation()
                .entrySet().stream().map(e -> String.format("%s %.2f ms", e.getKey(), e.getValue())).toList()));
        final long cut = costs.get(result).blocks();
        System.out.printf("%-34s blocks cut: %s, %.1f operations a block%n", "",
                cut == LedgerBlocks.UNKNOWN ? "unknown" : String.valueOf(cut), operationsABlock(result));
    }

    /** A run's operations over the blocks the channel cut meanwhile (other writers' blocks counted too). */
    private double operationsABlock(final LoadGenerator.Result result) {
        final long cut = costs.get(result).blocks();
        return cut <= 0 ? Double.NaN : (double) result.operations() / cut;
    }

    /**
     * The first verify run's warm-up, which begins as the writes end: not judged, but printed.
     *
     * @param seconds its length
     * @param latencies the verifications started in it
     * @param failed how many of them failed
     */
    record LeadIn(double seconds, Histogram latencies, long failed) {

        String line() {
            return String.format("its first %.0f s, a warm-up as for every scenario: %d verifications, p50 %.1f ms,"
                    + " p99 %.1f ms, %d failed", seconds, latencies.getTotalCount(),
                    latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6, failed);
        }
    }

    /**
     * Anchoring over the verify run right after the writes.
     *
     * @param blocksBehind how many blocks the newest projected event was past the last recorded window when the writes
     *     ended and the run began
     * @param caughtUpAfter seconds from then until anchoring had caught up; NaN if it had not by the run's end
     * @param whileBehind the latencies of the verifications started after the run's warm-up while anchoring was
     *     behind, from each call's start
     * @param leadIn the run's warm-up
     */
    record CatchingUp(long blocksBehind, double caughtUpAfter, Histogram whileBehind, LeadIn leadIn) {

        /** Whether the run measured anything while anchoring was behind. */
        boolean happened() {
            return blocksBehind > 0 && whileBehind.getTotalCount() > 0;
        }

        private double p99Millis() {
            return whileBehind.getValueAtPercentile(99) / 1e6;
        }

        private String caughtUp() {
            return Double.isNaN(caughtUpAfter) ? "still behind at its end"
                    : String.format("caught up %.1f s after the writes", caughtUpAfter);
        }

        String line() {
            if (!happened()) {
                return String.format("anchoring was %d blocks behind when the writes ended and had caught up before"
                        + " the verify run's measured part began: the run measured no catching up (%s)", blocksBehind,
                        leadIn.line());
            }
            return String.format("anchoring was %d blocks behind when the writes ended and %s; the %d verifications"
                    + " started after the warm-up meanwhile: p50 %.1f ms, p99 %.1f ms (%s)", blocksBehind,
                    caughtUp(), whileBehind.getTotalCount(), whileBehind.getValueAtPercentile(50) / 1e6, p99Millis(),
                    leadIn.line());
        }

        /** The goal row's figure. */
        String measured(final LoadGenerator.Result run) {
            if (!happened()) {
                return String.format("not measured: anchoring had caught up before the measured part began (the"
                        + " run's p99 %.1f ms, %d failed; %s)", run.millis(99), run.errors(), leadIn.line());
            }
            return String.format("%.1f ms over the %d verifications started after the warm-up while anchoring was"
                    + " behind (%d blocks behind as the writes ended, %s); %.1f ms over the whole measured part"
                    + " (%d failed); %s",
                    p99Millis(), whileBehind.getTotalCount(), blocksBehind, caughtUp(), run.millis(99), run.errors(),
                    leadIn.line());
        }

        /** The goal row's verdict: a verification that failed in the warm-up fails it too. */
        String met(final LoadGenerator.Result run) {
            if (!happened()) {
                return "not measured";
            }
            return p99Millis() <= 20 && run.errors() == 0 && leadIn.failed() == 0 ? "yes" : "no";
        }
    }

    private void writeReport(final Path file, final LoadGenerator.Result floor, final LoadGenerator.Result direct,
            final LoadGenerator.Result rest, final LoadGenerator.Result verifyCatchingUp,
            final CatchingUp catchingUp, final LoadGenerator.Result verify, final Histogram lag,
            final int lagTimeouts, final Anchors.Figures anchored) throws Exception {
        final StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append(String.format("Written by `./wipetrace bench api %s%d %d %.0f` on %s: %d cores, %s, Java %s. %d s"
                + " measured after a %d s warm-up per scenario; the verify run right after the writes begins as they"
                + " end, its warm-up included. Before them the gateway under test was warmed up in %d"
                + " rounds of REST collections and verifications, until %s.%n%n",
                turns == DEFAULT_TURNS ? "" : "--turns=" + turns + " ", measure.toSeconds(), inFlight,
                verifyRate, Instant.now().truncatedTo(ChronoUnit.MINUTES), Runtime.getRuntime().availableProcessors(),
                cpu(), Runtime.version().feature(), measure.toSeconds(), warmup.toSeconds(),
                warmedUp.rounds().size(), warmedUp.settled()
                        ? String.format("its JIT compiler worked at most %.0f %% of a round", 100 * MAX_COMPILING_SHARE)
                        : String.format("the limit of %d rounds; its JIT compiler had not settled",
                                MAX_WARM_UP_ROUNDS)));
        md.append(String.format("The benchmark's own Fabric client was warmed up first, in %d rounds of both Fabric"
                + " scenarios, until %s.%n%n", clientWarmedUp.rounds().size(), clientWarmedUp.settled()
                        ? String.format("its JIT compiler worked at most %.0f %% of a round", 100 * MAX_COMPILING_SHARE)
                        : String.format("the limit of %d rounds; its JIT compiler had not settled",
                                MAX_WARM_UP_ROUNDS)));
        if (turnRatios.size() > 1) {
            md.append(String.format("The collection was measured %d times through the Fabric client and %d times"
                    + " through the REST API, %d s each, in turns (Fabric then REST, then REST then Fabric, and so on);"
                    + " each row below is a scenario's turns together. REST ÷ Fabric in each turn: %s.%n%n",
                    turnRatios.size(), turnRatios.size(), measure.toSeconds(), String.join(", ", turnRatios.stream()
                            .map(r -> String.format("%.2f", r)).toList())));
        }
        final List<String> processes = List.copyOf(costs.get(floor).cpuPerOperation().keySet());
        md.append("| Scenario | Load | Done | Failed | Rate | p50 | p99 | Operations a block |");
        processes.forEach(process -> md.append(" CPU per operation: ").append(process).append(" |"));
        md.append("\n|---|---|---|---|---|---|---|---|").append("---|".repeat(processes.size())).append('\n');
        for (LoadGenerator.Result r : List.of(floor, direct, rest, verifyCatchingUp, verify)) {
            md.append(String.format("| %s | %s | %d | %d | %.1f /s | %.1f ms | %.1f ms | %.1f |", r.name(), r.mode(),
                    r.operations(), r.errors(), r.perSecond(), r.millis(50), r.millis(99), operationsABlock(r)));
            final Map<String, Double> perOperation = costs.get(r).cpuPerOperation();
            processes.forEach(process -> md.append(String.format(" %.2f ms |", perOperation.get(process))));
            md.append('\n');
        }
        md.append(String.format("| projection lag: write answered → its block projected | every 4th REST write | %d |"
                + " %d | | %.0f ms | %.0f ms | |%s%n%n", lag.getTotalCount(), lagTimeouts,
                lag.getValueAtPercentile(50) / 1e6, lag.getValueAtPercentile(99) / 1e6, " |".repeat(processes.size())));
        final double ratio = rest.perSecond() / direct.perSecond();
        md.append(String.format("Every process's CPU per collection, summed (the compiler's elapsed time left out):"
                + " %.2f ms through the Fabric client, %.2f ms through the REST API (the benchmark's client counted"
                + " in both: it is the Fabric client of the one and the HTTP client of the other). Where the machine's"
                + " cores limit both, that puts a REST collection's rate at %.2f times the Fabric client's.%n%n",
                allCpu(direct), allCpu(rest),
                allCpu(direct) / allCpu(rest)));
        md.append("| Goal | Measured | Met |\n|---|---|---|\n");
        md.append(String.format("| a collection through the REST API ≥ 0.85 × the same transaction through the Fabric"
                + " client | %.2f × (%.1f vs %.1f tx/s%s; %.2f × the one-key floor's %.1f tx/s) | %s |%n", ratio,
                rest.perSecond(), direct.perSecond(), turnRatios.size() > 1 ? String.format(", %d turns: %.2f–%.2f",
                        turnRatios.size(), java.util.Collections.min(turnRatios),
                        java.util.Collections.max(turnRatios)) : "",
                rest.perSecond() / floor.perSecond(), floor.perSecond(), ratio >= 0.85 ? "yes" : "no"));
        md.append(String.format("| verify p99 ≤ 20 ms at %.0f/s, anchoring caught up | %.1f ms (%d failed) | %s |%n",
                verifyRate, verify.millis(99), verify.errors(),
                verify.millis(99) <= 20 && verify.errors() == 0 ? "yes" : "no"));
        md.append(String.format("| verify p99 ≤ 20 ms at %.0f/s, while anchoring catches up after the writes | %s |"
                + " %s |%n", verifyRate, catchingUp.measured(verifyCatchingUp), catchingUp.met(verifyCatchingUp)));
        md.append(String.format("| projection lag p99 ≤ 1 s | %.0f ms | %s |%n%n", lag.getValueAtPercentile(99) / 1e6,
                lag.getValueAtPercentile(99) <= 1e9 && lagTimeouts == 0 ? "yes" : "no"));
        md.append(String.format("Verifications in the background through every write scenario, as consumers keep"
                + " reading while partners write: %.0f/s, %d done, %d failed, p50 %.1f ms, p99 %.1f ms; of them, %d"
                + " due %s: p50 %.1f ms, p99 %.1f ms, and %d due %s: p50 %.1f ms, p99 %.1f ms.%n%n",
                READS_DURING_WRITES, readsDuringWrites.done(), readsDuringWrites.failed(),
                readsDuringWrites.millis(50), readsDuringWrites.millis(99),
                readsDuringWrites.done(REST_WRITES), REST_WRITES, readsDuringWrites.millis(REST_WRITES, 50),
                readsDuringWrites.millis(REST_WRITES, 99), readsDuringWrites.done(FABRIC_WRITES), FABRIC_WRITES,
                readsDuringWrites.millis(FABRIC_WRITES, 50), readsDuringWrites.millis(FABRIC_WRITES, 99)));
        md.append("Anchoring during the run: ").append(anchored.line()).append(".\n\n");
        md.append("![writes per second](perf/api-writes-throughput.png)\n");
        md.append("![write latency](perf/api-writes-latency.png)\n");
        md.append("![verify latency](perf/api-verify-latency.png)\n");
        md.append(END).append('\n');

        final String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Performance\n";
        final int begin = existing.indexOf(BEGIN);
        final int end = existing.indexOf(END);
        final String updated = begin >= 0 && end > begin
                ? existing.substring(0, begin) + md + existing.substring(end + END.length()).replaceFirst("^\n", "")
                : existing + "\n## REST API (`./wipetrace bench api`)\n\n" + md;
        Files.writeString(file, updated, StandardCharsets.UTF_8);
        System.out.println("wrote " + file + " and its plots under " + file.resolveSibling("perf"));
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception unreadable) {
            // not Linux: the core count says enough
        }
        return "unknown CPU";
    }
}
