package io.wipetrace.tools.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.tools.Arguments;
import io.wipetrace.tools.client.ApiClient;
import io.wipetrace.tools.client.GatewayDatabase;
import io.wipetrace.tools.demo.DemoData;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two halves of a fault drill ({@code ./wipetrace drill}), run around a fault the drill script injects.
 *
 * <p>{@code load}: writes collections into one bag through the REST API with a few writers until told to stop. Every
 * logical write has its own idempotency key and is retried with that key, after a broken connection, a 5xx or a
 * client timeout, until the gateway gives a definitive answer: as a careful client does. Every tenth write (or every
 * one, with {@code timeouts=all}) first waits only 0.3 s, so that it times out and is retried while the gateway is
 * still writing it. Each outcome is one line of the outcome file.
 *
 * <p>{@code import}: posts a bulk import of collections into one bag and returns once its first rows are on the ledger,
 * so that the drill can kill the gateway in the middle of it. {@code import-settle}: waits for the job to finish
 * (through the gateway's restart), says which rows did not land and why, and writes each row's outcome in the
 * {@code load} format, for {@code check}.
 *
 * <p>{@code kill-projection}: watches the gateway's PostgreSQL for the projection's SQL transaction between a block's
 * rows and its checkpoint, kills the gateway ({@code SIGKILL}) the moment it sees one, and asks PostgreSQL what became
 * of that transaction. Exits 0 if it was aborted, with the checkpoint before its block and no row past the checkpoint
 * kept; 3 if it committed before the kill landed (the kill proved nothing: restart the gateway and watch again); 1 if
 * no such transaction showed within the time given, or the database disagrees.
 *
 * <p>{@code check}: every accepted write is on the ledger exactly once (one device with one collection event per
 * accepted key, no other device in the bag), the projection holds exactly those devices and agrees with the ledger
 * on each, and the anchors on the EVM chain cover every one of their events (the regulator's integrity check finds
 * no mismatch).
 */
public final class FaultDrill {

    private static final Duration GIVE_UP = Duration.ofMinutes(4);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** Shorter than any write takes (a block is cut every 500 ms at most), so a hasty first attempt times out. */
    private static final long HASTY_MILLIS = 300;

    private FaultDrill() {}

    public static void main(final String[] args) throws Exception {
        if (args.length == 3 && "recovery".equals(args[0])) {
            System.exit(recovery(Path.of(args[1]), Path.of(args[2])));
        }
        if (args.length == 4 && "kill-projection".equals(args[0])) {
            System.exit(killProjection(Path.of(args[1]), Long.parseLong(args[2]),
                    Duration.ofSeconds(Long.parseLong(args[3]))));
        }
        if (args.length < 5) {
            System.err.println("usage: FaultDrill load <gateway URL> <state> <bag> <outcomes> <stop file> [writers]"
                    + " [timeouts=all|tenth]\n       FaultDrill check <gateway URL> <state> <bag> <outcomes>"
                    + "\n       FaultDrill import <gateway URL> <state> <bag> <job file> <rows>"
                    + "\n       FaultDrill import-settle <gateway URL> <state> <job file> <outcomes>"
                    + "\n       FaultDrill kill-projection <state> <gateway pid> <seconds to watch>"
                    + "\n       FaultDrill recovery <outcomes> <ready file>");
            System.exit(2);
        }
        final URI gateway = URI.create(args[1]);
        final Path state = Path.of(args[2]);
        final Map<String, String> keys = ApiClient.demoKeys(state);
        final int status = switch (args[0]) {
            case "load" -> load(gateway, keys, args[3], Path.of(args[4]), Path.of(args[5]),
                    Arguments.integer(args, 6, "writers", 4), args.length > 7 && "timeouts=all".equals(args[7]));
            case "check" -> check(new ApiClient(gateway, keys), state, args[3], Path.of(args[4]));
            case "import" -> startImport(new ApiClient(gateway, keys), args[3], Path.of(args[4]),
                    Integer.parseInt(args[5]));
            case "import-settle" -> settleImport(new ApiClient(gateway, keys), Path.of(args[3]), Path.of(args[4]));
            default -> 2;
        };
        System.exit(status);
    }

    // --- load ---------------------------------------------------------------------------------------------------------

    private static int load(final URI gateway, final Map<String, String> keys, final String bag, final Path outcomes,
            final Path stop, final int writers, final boolean allTimeOut) throws Exception {
        final ApiClient patient = new ApiClient(gateway, keys, Duration.ofSeconds(30), 1);
        final ApiClient hasty = new ApiClient(gateway, keys, Duration.ofMillis(HASTY_MILLIS), 1);
        final AtomicLong sequence = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        Files.deleteIfExists(outcomes);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                pool.submit(() -> {
                    while (!Files.exists(stop)) {
                        final long n = sequence.incrementAndGet();
                        final Outcome outcome = write(allTimeOut || n % 10 == 0 ? hasty : patient, patient, bag);
                        if (outcome.attempts() > 1) {
                            retried.incrementAndGet();
                        }
                        append(outcomes, outcome);
                    }
                    return null;
                });
            }
        }
        System.out.printf("load on %s: %d writes, %d needed more than one attempt%n", bag, sequence.get(),
                retried.get());
        return 0;
    }

    /**
     * One outcome line: idempotency key, ACCEPTED/REJECTED/UNRESOLVED, device ID, attempts, first failure, when the
     * definitive answer came (epoch milliseconds, 0 if none), and every failed attempt's answer with its count
     * ({@code IOException×1;409 IDEMPOTENCY_REQUEST_IN_PROGRESS×12}).
     */
    record Outcome(String key, String result, String deviceId, int attempts, String firstFailure, long answeredAt,
            String failures) {

        Outcome(final String key, final String result, final String deviceId, final int attempts,
                final String firstFailure) {
            this(key, result, deviceId, attempts, firstFailure, 0, "");
        }

        String line() {
            return String.join(",", key, result, deviceId, String.valueOf(attempts), firstFailure.replace(',', ';'),
                    String.valueOf(answeredAt), failures.replace(',', ';'));
        }

        static Outcome parse(final String line) {
            final String[] f = line.split(",", 7);
            return new Outcome(f[0], f[1], f[2], Integer.parseInt(f[3]), f.length > 4 ? f[4] : "",
                    f.length > 5 ? Long.parseLong(f[5]) : 0, f.length > 6 ? f[6] : "");
        }
    }

    /** Counts of failed attempts' answers, in the order first seen. */
    private static final class Failures {
        private final Map<String, Integer> counts = new java.util.LinkedHashMap<>();

        void add(final String failure) {
            counts.merge(failure, 1, Integer::sum);
        }

        String first() {
            return counts.isEmpty() ? "" : counts.keySet().iterator().next();
        }

        @Override
        public String toString() {
            return String.join(";", counts.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).toList());
        }
    }

    private static Outcome write(final ApiClient first, final ApiClient retry, final String bag) {
        final String key = UUID.randomUUID().toString();
        final Map<String, Object> body = Map.of("make", "Huawei", "model", "Mate 20", "storageGb", 128,
                "channel", "STORE", "siteId", DemoData.COLLECTOR_SITE, "locked", false, "bagId", bag,
                "consent", Map.of("reference", "CONSENT-" + key, "scope", "all user data", "method", "overwrite",
                        "impact", "unrecoverable"));
        final long deadline = System.nanoTime() + GIVE_UP.toNanos();
        final Failures failures = new Failures();
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            String failure;
            try {
                final ApiClient.Response response = (attempt == 1 ? first : retry)
                        .post("collector", "/api/v1/collections", body, key);
                if (response.status() == 201) {
                    return new Outcome(key, "ACCEPTED", response.body().path("deviceId").asText(), attempt,
                            failures.first(), System.currentTimeMillis(), failures.toString());
                }
                final String code = response.body().path("code").asText("");
                if (response.status() < 500 && !"IDEMPOTENCY_REQUEST_IN_PROGRESS".equals(code)) {
                    return new Outcome(key, "REJECTED " + response.status() + " " + code, "", attempt,
                            failures.first(), System.currentTimeMillis(), failures.toString());
                }
                failure = response.status() + " " + code;
            } catch (RuntimeException e) {
                failure = e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName();
            }
            failures.add(failure);
            sleep(1000);
        }
        return new Outcome(key, "UNRESOLVED", "", 0, failures.first(), 0, failures.toString());
    }

    private static synchronized void append(final Path file, final Outcome outcome) throws IOException {
        Files.writeString(file, outcome.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    // --- import -------------------------------------------------------------------------------------------------------

    private static int startImport(final ApiClient api, final String bag, final Path jobFile, final int rows)
            throws Exception {
        final StringBuilder lines = new StringBuilder();
        for (int row = 1; row <= rows; row++) {
            lines.append(JSON.writeValueAsString(Map.of("make", "Honor", "model", "X" + row,
                    "storageGb", 64, "channel", "MAIL_BAG", "siteId", DemoData.COLLECTOR_SITE, "locked", false,
                    "bagId", bag, "consent", Map.of("reference", "CONSENT-" + bag + "-" + row,
                            "scope", "all user data", "method", "overwrite", "impact", "unrecoverable"))))
                    .append('\n');
        }
        final JsonNode job = api.postFile("collector", "/api/v1/imports?kind=collections", "application/x-ndjson",
                lines.toString().getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString()).expect("import");
        final String id = job.path("id").asText();
        Files.writeString(jobFile, id);
        waitFor("the first rows of import " + id + " on the ledger", () -> {
            final JsonNode now = api.get("collector", "/api/v1/imports/" + id).body();
            return now.path("rowsDone").asInt() > 0 || "COMPLETED".equals(now.path("state").asText());
        });
        final JsonNode now = api.get("collector", "/api/v1/imports/" + id).body();
        System.out.printf("import %s of %d rows into %s: %d on the ledger, %d pending%n", id, rows, bag,
                now.path("rowsDone").asInt(), now.path("rowsPending").asInt());
        return 0;
    }

    private static int settleImport(final ApiClient api, final Path jobFile, final Path outcomes) throws Exception {
        final String id = Files.readString(jobFile).strip();
        waitFor("import " + id + " to finish", () -> "COMPLETED".equals(
                api.get("collector", "/api/v1/imports/" + id).body().path("state").asText()));
        final JsonNode job = api.get("collector", "/api/v1/imports/" + id).expect("import job");
        Files.deleteIfExists(outcomes);
        int registered = 0;
        int recognised = 0;
        for (int page = 0; ; page++) {
            final JsonNode results = api.get("collector", "/api/v1/imports/" + id + "/results?size=500&page=" + page)
                    .expect("import results");
            for (JsonNode row : results.path("items")) {
                final String key = "import-" + id + "-row-" + row.path("row").asInt();
                final boolean landed = "REGISTERED".equals(row.path("status").asText());
                registered += landed ? 1 : 0;
                recognised += "ALREADY_REGISTERED".equals(row.path("outcome").asText()) ? 1 : 0;
                append(outcomes, landed
                        ? new Outcome(key, "ACCEPTED", row.path("deviceId").asText(), 1, row.path("outcome").asText())
                        : new Outcome(key, "REJECTED row " + row.path("row").asInt() + " " + row.path("status").asText()
                                + " " + row.path("errorCodes").asText(), "", 1, ""));
            }
            if (page + 1 >= results.path("totalPages").asInt()) {
                break;
            }
        }
        System.out.printf("import %s: %d rows, %d registered (%d of them found already on the ledger when their batch"
                + " was sent again after the restart), %d did not land%n", id, job.path("rowsTotal").asInt(),
                registered, recognised, job.path("rowsFailed").asInt());
        final JsonNode errors = api.get("collector", "/api/v1/imports/" + id + "/errors?size=20").body();
        errors.path("items").forEach(e -> System.out.printf("  row %d (line %d) did not land: %s %s%n",
                e.path("row").asInt(), e.path("line").asInt(), e.path("code").asText(), e.path("message").asText()));
        return registered == job.path("rowsTotal").asInt() ? 0 : 1;
    }

    // --- kill-projection ----------------------------------------------------------------------------------------------

    /**
     * The projection's session (named for as long as it projects a block) inside a transaction that has written
     * (its ID is assigned) and has finished a statement that is not on the checkpoint: the lock comes before the
     * rows, the checkpoint's update after them, so the statement finished was a row write.
     */
    private static final String BETWEEN_ROWS_AND_CHECKPOINT = """
            SELECT backend_xid::text, query FROM pg_stat_activity
            WHERE application_name = ? AND backend_xid IS NOT NULL AND state = 'idle in transaction'
              AND query NOT LIKE '%projection_checkpoint%'""";

    /**
     * What became of a transaction, by its 32-bit ID from {@code pg_stat_activity}: widened to the full ID that
     * {@code pg_xact_status} takes, with the epoch of the next ID to be assigned (the one at most 2^32 above it).
     */
    private static final String TRANSACTION_STATUS = """
            SELECT pg_xact_status((next - ((next % 4294967296 - ? + 4294967296) % 4294967296))::text::xid8)
            FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next) AS now""";

    /**
     * The {@code application_name} of the gateway's projection session while it projects a block: the gateway's
     * {@code JdbcProjectionStore.SESSION_NAME}, which a gateway test holds equal to this.
     */
    public static final String PROJECTION_SESSION = "wipetrace projection";

    /** How often PostgreSQL is asked: a block's transaction lasts a few milliseconds. */
    private static final Duration POLL = Duration.ofMillis(1);

    /** Exit status of {@code kill-projection} when the transaction committed before the kill landed. */
    private static final int COMMITTED_FIRST = 3;

    /**
     * Exit status of {@code kill-projection} when no block was caught in the watch: on a busy machine the load may
     * still be backing off from the previous restart, so run.sh watches again.
     */
    private static final int NOT_SEEN = 4;

    /** Watches for the projection between its rows and its checkpoint, then kills {@code pid} (run.sh checked it). */
    private static int killProjection(final Path state, final long pid, final Duration watch) throws Exception {
        final ProcessHandle gateway = ProcessHandle.of(pid).orElse(null);
        if (gateway == null) {
            System.out.printf("the gateway (pid %d) is not running%n", pid);
            return 1;
        }
        try (Connection db = GatewayDatabase.open(state);
                PreparedStatement open = db.prepareStatement(BETWEEN_ROWS_AND_CHECKPOINT)) {
            open.setString(1, PROJECTION_SESSION);
            final long started = System.nanoTime();
            final long deadline = started + watch.toNanos();
            for (long polls = 1; System.nanoTime() < deadline; polls++) {
                try (ResultSet found = open.executeQuery()) {
                    if (found.next()) {
                        gateway.destroyForcibly();
                        final long xid = Long.parseLong(found.getString(1));
                        final String[] words = found.getString(2).strip().split("\\s+", 4);
                        final String statement = String.join(" ", Arrays.copyOf(words, Math.min(3, words.length)));
                        System.out.printf("kill -9 gateway (pid %d) after %d polls in %.1f s: projection"
                                + " transaction %d is between its rows and its checkpoint (last statement %s …)%n",
                                pid, polls, (System.nanoTime() - started) / 1e9, xid, statement);
                        return settleKill(db, gateway, xid);
                    }
                }
                Thread.sleep(POLL);
            }
            System.out.printf("no projection transaction between its rows and its checkpoint seen in %d s%n",
                    watch.toSeconds());
            return NOT_SEEN;
        }
    }

    /** Once the gateway is gone: PostgreSQL's verdict on the killed transaction, and what is left of its block. */
    private static int settleKill(final Connection db, final ProcessHandle gateway, final long xid) throws Exception {
        gateway.onExit().get(30, TimeUnit.SECONDS);
        String status;
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (PreparedStatement query = db.prepareStatement(TRANSACTION_STATUS)) {
            query.setLong(1, xid);
            // The backend aborts an open transaction as soon as it reads the end of its client's connection.
            while (true) {
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    status = String.valueOf(rows.getString(1));
                }
                if (!"in progress".equals(status) || System.nanoTime() > deadline) {
                    break;
                }
                sleep(100);
            }
        }
        if ("committed".equals(status)) {
            System.out.printf("  transaction %d (block %d) committed before the kill landed: it proves nothing%n", xid,
                    single(db, "SELECT max(block_number) FROM ledger_transaction WHERE xmin::text = ?",
                            String.valueOf(xid)));
            return COMMITTED_FIRST;
        }
        if (!"aborted".equals(status)) {
            System.out.printf("  PROBLEM: transaction %d is %s, 30 s after the kill%n", xid, status);
            return 1;
        }
        // Nothing projects now, and blocks are projected one after the other: the aborted one follows the checkpoint.
        final long checkpoint = single(db, "SELECT block_number FROM projection_checkpoint", null);
        final long kept = single(db, "SELECT count(*) FROM ledger_transaction WHERE block_number > ?", checkpoint);
        System.out.printf("  transaction %d (block %d) aborted: the checkpoint is at block %d, %d rows kept past it%n",
                xid, checkpoint + 1, checkpoint, kept);
        if (kept != 0) {
            System.out.println("  PROBLEM: rows of blocks past the checkpoint were kept");
            return 1;
        }
        return 0;
    }

    /** The one number a query answers, with at most one parameter; fails unless there is exactly one row. */
    private static long single(final Connection db, final String sql, final Object parameter) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            if (parameter != null) {
                query.setObject(1, parameter);
            }
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("no row: " + sql);
                }
                final long value = rows.getLong(1);
                if (rows.next()) {
                    throw new IllegalStateException("more than one row: " + sql);
                }
                return value;
            }
        }
    }

    // --- recovery ---------------------------------------------------------------------------------------------------

    /**
     * How soon writes succeeded again after a killed gateway's successor reported ready (its time, epoch milliseconds,
     * in {@code ready}): the first write answered after it, and the last of the writes that were retried across the
     * kill (those whose answer came after it). Prints what the retries got meanwhile. Always exits 0: a figure, not a
     * check (the machine's load sets it as much as the gateway does).
     */
    private static int recovery(final Path file, final Path ready) throws IOException {
        final long readyAt = Long.parseLong(Files.readString(ready).strip());
        final List<Outcome> outcomes = Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .map(Outcome::parse).toList();
        System.out.println(Recovery.of(outcomes, readyAt).map(Recovery::report)
                .orElse("recovery: no write was answered after the gateway reported ready"));
        return 0;
    }

    /**
     * After a restart: when the first write was answered and when the last of those retried across the kill was
     * (milliseconds after ready), how many were retried across it, their failed attempts' answers with counts, and how
     * many attempts in the whole load were answered {@code 504} (a deadline or an unknown outcome), in all and in the
     * writes answered after ready.
     */
    record Recovery(long firstMillis, long lastMillis, int across, Map<String, Integer> meanwhile, int timeouts,
            int timeoutsAfterReady) {

        /** The goal (issue 17): writes succeed again within this long after the new gateway reports ready. */
        static final long GOAL_MILLIS = 15_000;

        /** Nothing when no write was answered after {@code readyAt} (epoch milliseconds). */
        static Optional<Recovery> of(final List<Outcome> outcomes, final long readyAt) {
            final List<Outcome> after = outcomes.stream().filter(o -> o.answeredAt() >= readyAt).toList();
            // Retried across the kill: some attempt found no gateway (a broken or refused connection), not merely a
            // client timeout or an answer.
            final List<Outcome> across = after.stream().filter(o -> java.util.Arrays.stream(o.failures().split(";"))
                    .anyMatch(f -> !f.isEmpty() && Character.isLetter(f.charAt(0))
                            && !f.startsWith("HttpTimeoutException"))).toList();
            if (after.isEmpty()) {
                return Optional.empty();
            }
            final long first = after.stream().mapToLong(Outcome::answeredAt).min().orElseThrow() - readyAt;
            final long last = across.stream().mapToLong(Outcome::answeredAt).max().orElse(readyAt) - readyAt;
            final Map<String, Integer> meanwhile = new java.util.TreeMap<>();
            across.forEach(outcome -> failureCounts(outcome).forEach((f, n) -> meanwhile.merge(f, n, Integer::sum)));
            return Optional.of(new Recovery(first, last, across.size(), meanwhile, timeouts(outcomes),
                    timeouts(after)));
        }

        /** A write's failed attempts' answers, each with how many attempts got it. */
        private static Map<String, Integer> failureCounts(final Outcome outcome) {
            final Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            for (String part : outcome.failures().split(";")) {
                final int times = part.lastIndexOf('×');
                if (times > 0) {
                    counts.merge(part.substring(0, times), Integer.parseInt(part.substring(times + 1)), Integer::sum);
                }
            }
            return counts;
        }

        /** Attempts answered 504, over these writes. */
        private static int timeouts(final List<Outcome> outcomes) {
            return outcomes.stream().flatMap(o -> failureCounts(o).entrySet().stream())
                    .filter(e -> e.getKey().startsWith("504")).mapToInt(Map.Entry::getValue).sum();
        }

        /** Whether writes succeeded again within {@link #GOAL_MILLIS} of ready. */
        boolean withinGoal() {
            return firstMillis <= GOAL_MILLIS;
        }

        String report() {
            return String.format("recovery: writes succeed again %.1f s after ready (first write answered; goal %d s:"
                    + " %s); the %d writes retried across the kill all answered %.1f s after ready%n",
                    firstMillis / 1000.0, GOAL_MILLIS / 1000, withinGoal() ? "met" : "NOT met", across,
                    lastMillis / 1000.0)
                    + String.format("  504 answers: %d in the whole load, %d of them to writes answered after ready%n",
                            timeouts, timeoutsAfterReady)
                    + "  failed attempts of the writes retried across the kill, before and after the restart: "
                    + meanwhile;
        }
    }

    // --- check --------------------------------------------------------------------------------------------------------

    private static int check(final ApiClient api, final Path state, final String bag, final Path file)
            throws Exception {
        final List<Outcome> outcomes = Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .map(Outcome::parse).toList();
        final Writes writes = Writes.of(outcomes);
        final List<String> problems = new ArrayList<>(writes.problems());
        final Set<String> accepted = writes.accepted();

        // The projection catches up with the ledger, then holds exactly the accepted devices in the bag.
        waitFor("the projection to reach the ledger's height", () -> api.get("regulator", "/actuator/health")
                .body().path("components").path("projection").path("details").path("lag").asLong(-1) == 0);
        final Set<String> projected = new TreeSet<>();
        long lastBlock = -1;
        try (Connection db = GatewayDatabase.open(state);
                PreparedStatement query = db.prepareStatement("SELECT device_id, last_block_number FROM devices"
                        + " WHERE bag_id = ?")) {
            query.setString(1, bag);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    projected.add(rows.getString(1));
                    lastBlock = Math.max(lastBlock, rows.getLong(2));
                }
            }
        }
        problems.addAll(againstProjection(accepted, projected));

        // The ledger: one collection event per device, and the projection's view the same as the ledger's.
        for (String device : accepted) {
            problems.addAll(againstLedger(device, api.get("regulator", "/api/v1/audit/devices/" + device).body()));
        }

        // The anchors: every block holding these devices' events anchored, and every anchor recomputed.
        final long through = lastBlock;
        waitFor("the anchors to cover block " + through, () -> api.get("regulator", "/actuator/health").body()
                .path("components").path("anchoring").path("details").path("anchoredThroughBlock").asLong(-1)
                >= through);
        final JsonNode integrity = api.get("regulator", "/api/v1/audit/integrity").expect("integrity check");
        if (integrity.path("anchoredThroughBlock").asLong(-1) < through) {
            problems.add("anchored through block " + integrity.path("anchoredThroughBlock") + ", devices reach " + through);
        }
        integrity.path("mismatches").forEach(m -> problems.add("anchor mismatch: " + m));

        System.out.printf("check of %s: %d writes (%d retried), %d accepted, %d projected, anchored through block %s%n",
                bag, outcomes.size(), writes.retried(), accepted.size(), projected.size(),
                integrity.path("anchoredThroughBlock").asText());
        problems.forEach(p -> System.out.println("  PROBLEM: " + p));
        System.out.println(problems.isEmpty() ? "  every accepted write is on the ledger once, projected and anchored"
                : "  " + problems.size() + " problem(s)");
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * What the outcome file says: the devices of the accepted writes, how many writes needed more than one attempt,
     * and the problems the outcomes alone show (a write not accepted, two writes answered with one device, no write
     * accepted at all).
     */
    record Writes(SortedSet<String> accepted, int retried, List<String> problems) {

        static Writes of(final List<Outcome> outcomes) {
            final List<String> problems = new ArrayList<>();
            final SortedSet<String> accepted = new TreeSet<>();
            int retried = 0;
            for (Outcome outcome : outcomes) {
                if (outcome.result().equals("ACCEPTED")) {
                    if (!accepted.add(outcome.deviceId())) {
                        problems.add("two accepted writes answered with the same device " + outcome.deviceId());
                    }
                } else {
                    problems.add("write " + outcome.key() + " ended " + outcome.result() + " (first failure: "
                            + outcome.firstFailure() + ")");
                }
                retried += outcome.attempts() > 1 ? 1 : 0;
            }
            if (accepted.isEmpty()) {
                problems.add("no write was accepted at all");
            }
            return new Writes(Collections.unmodifiableSortedSet(accepted), retried, List.copyOf(problems));
        }
    }

    /** The bag's projected devices against the accepted writes: none written twice, none missing. */
    static List<String> againstProjection(final Set<String> accepted, final Set<String> projected) {
        final List<String> problems = new ArrayList<>();
        final Set<String> extra = new TreeSet<>(projected);
        extra.removeAll(accepted);
        final Set<String> missing = new TreeSet<>(accepted);
        missing.removeAll(projected);
        if (!extra.isEmpty()) {
            problems.add(extra.size() + " device(s) in the bag that no accepted write answered with (written twice?): "
                    + first(extra));
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " accepted device(s) missing from the projection: " + first(missing));
        }
        return problems;
    }

    /** An accepted device's audit view: exactly one collection event on the ledger, and the projection agreeing. */
    static List<String> againstLedger(final String device, final JsonNode view) {
        final List<String> problems = new ArrayList<>();
        int collected = 0;
        for (JsonNode event : view.path("ledger")) {
            collected += "COLLECTED".equals(event.path("type").asText()) ? 1 : 0;
        }
        if (collected != 1) {
            problems.add(device + " has " + collected + " collection events on the ledger");
        }
        if (!view.path("consistent").asBoolean(false)) {
            problems.add(device + ": projection differs from the ledger: " + view.path("differences"));
        }
        return problems;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(final String what, final Condition condition) throws Exception {
        final long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the gateway may still be starting
            }
            sleep(1000);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + GIVE_UP.toMinutes() + " min");
    }

    private static String first(final Set<String> ids) {
        final Set<String> some = new HashSet<>();
        for (String id : ids) {
            if (some.size() == 5) {
                break;
            }
            some.add(id);
        }
        return String.join(" ", some) + (ids.size() > 5 ? " …" : "");
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
