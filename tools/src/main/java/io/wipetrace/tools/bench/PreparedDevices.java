package io.wipetrace.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.tools.demo.DemoData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hyperledger.fabric.client.Contract;

/**
 * Devices brought, before a sweep level, to the state the swept step needs, so that the level measures that step
 * alone: registered with the collector in batches (with the owner's consent, or without it for a consent recorded
 * later), for a step at the processor handed over to it in bags and accepted, and then taken through the steps
 * before the swept one ({@link Step}: an erasure, a dismantling, …), one transaction a device each, many at once.
 * Each prepared device is taken once.
 */
final class PreparedDevices {

    /** One step of a device's way to the swept step's state: one transaction for one device. */
    @FunctionalInterface
    interface Step {
        void apply(String deviceId) throws Exception;
    }

    /** Steps of preparation in flight at once. */
    private static final int STEPS_IN_FLIGHT = 64;

    /** Devices a collection batch registers. */
    static final int BATCH = 100;

    /** Batches registered at once. */
    private static final int IN_FLIGHT = 4;

    /** The throughput assumed for a level before any has been measured, in transactions a second. */
    static final double FIRST_GUESS_PER_SECOND = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Contract collector;
    private final Contract processor;
    private final Supplier<String> nextId;
    private final Function<String, String> collection;
    private final List<Step> steps;
    private final ConcurrentLinkedQueue<String> ready = new ConcurrentLinkedQueue<>();

    /**
     * @param collector the device contract as the collector
     * @param processor the device contract as the processor, or null to leave the devices with the collector
     * @param nextId a new ID each call, unique in the run (the device IDs and the handovers' IDs)
     */
    PreparedDevices(final Contract collector, final Contract processor, final Supplier<String> nextId) {
        this(collector, processor, nextId, ChaincodeBenchmark::collection, List.of());
    }

    /**
     * @param collector the device contract as the collector
     * @param processor the device contract as the processor, or null to leave the devices with the collector
     * @param nextId a new ID each call, unique in the run (the device IDs and the handovers' IDs)
     * @param collection a device's RegisterCollections item, given its ID
     * @param steps what each device goes through after it is registered (and received), in order
     */
    PreparedDevices(final Contract collector, final Contract processor, final Supplier<String> nextId,
            final Function<String, String> collection, final List<Step> steps) {
        this.collector = collector;
        this.processor = processor;
        this.nextId = nextId;
        this.collection = collection;
        this.steps = List.copyOf(steps);
    }

    /**
     * How many devices a level needs at most: twice the best rate measured so far (the levels double) over the level's
     * warm-up and measurement, and at least four per transaction in flight.
     */
    static int needed(final int inFlight, final double bestPerSecond, final Duration level) {
        final double rate = Math.max(bestPerSecond, FIRST_GUESS_PER_SECOND);
        return (int) Math.max(4L * inFlight, Math.ceil(2 * rate * level.toMillis() / 1000.0));
    }

    /** Tops the prepared devices up to {@code count}, printing how long it took. */
    void fill(final int count) throws Exception {
        final int missing = count - ready.size();
        if (missing <= 0) {
            return;
        }
        final long start = System.nanoTime();
        final List<List<String>> batches = new ArrayList<>();
        for (int made = 0; made < missing; made += BATCH) {
            final List<String> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, missing - made); i++) {
                batch.add(nextId.get());
            }
            batches.add(batch);
        }
        final List<String> registered = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT)) {
            final List<Future<List<String>>> done = new ArrayList<>();
            for (final List<String> batch : batches) {
                done.add(pool.submit(() -> {
                    FabricWrites.submit(collector, "RegisterCollections", collections(batch, collection));
                    return batch;
                }));
            }
            for (final Future<List<String>> batch : done) {
                registered.addAll(batch.get());
            }
        }
        if (processor != null) {
            for (int from = 0; from < registered.size(); from += FieldLimits.MAX_DEVICES_PER_OPERATION) {
                handOver(registered.subList(from, Math.min(registered.size(),
                        from + FieldLimits.MAX_DEVICES_PER_OPERATION)));
            }
        }
        for (final Step step : steps) {
            advance(registered, step);
        }
        ready.addAll(registered);
        System.out.printf("  prepared %d devices%s in %.1f s%n", registered.size(),
                processor == null ? "" : " (received by the processor"
                        + (steps.isEmpty() ? "" : ", then " + steps.size() + " step(s) each") + ")",
                (System.nanoTime() - start) / 1e9);
    }

    /** One step for every device, many at once; fails if any device's step fails. */
    private static void advance(final List<String> deviceIds, final Step step) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(STEPS_IN_FLIGHT)) {
            final List<Future<?>> done = new ArrayList<>();
            for (final String id : deviceIds) {
                done.add(pool.submit(() -> {
                    step.apply(id);
                    return null;
                }));
            }
            for (final Future<?> one : done) {
                one.get();
            }
        }
    }

    /** One prepared device, never handed out twice; fails when the level used up every one prepared. */
    String take() {
        final String id = ready.poll();
        if (id == null) {
            throw new LoadGenerator.Exhausted("the prepared devices ran out");
        }
        return id;
    }

    private void handOver(final List<String> deviceIds) throws Exception {
        // From the same sequence as the device IDs, so no other scenario of the run offers a handover of this ID.
        final String handover = "HO-" + nextId.get();
        FabricWrites.submit(collector, "OfferHandover", JSON.valueToTree(Map.of("handoverId", handover,
                "deviceIds", deviceIds, "containerId", "BAG-" + handover, "toMspId", "ProcessorOrgMSP",
                "toSiteId", DemoData.PROCESSOR_SITE, "sealId", "SEAL-" + handover, "waybill", "SF-" + handover))
                .toString());
        FabricWrites.acceptHandover(processor, handover,
                JSON.createObjectNode().put("sealIntact", true).put("note", "prepared for the sweep").toString());
    }

    /** A RegisterCollections argument: the given devices, each as a collector registers it, with consent. */
    static String collections(final List<String> deviceIds) throws Exception {
        return collections(deviceIds, ChaincodeBenchmark::collection);
    }

    /** A RegisterCollections argument: the given devices, each item as {@code collection} gives it. */
    static String collections(final List<String> deviceIds, final Function<String, String> collection)
            throws Exception {
        final ObjectNode batch = JSON.createObjectNode();
        final ArrayNode items = batch.putArray("collections");
        for (final String id : deviceIds) {
            items.add(JSON.readTree(collection.apply(id)));
        }
        return batch.toString();
    }
}
