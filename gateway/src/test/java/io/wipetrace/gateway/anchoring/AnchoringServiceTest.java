package io.wipetrace.gateway.anchoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.MerkleTree;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class AnchoringServiceTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Instant NOW = Instant.parse("2026-11-20T08:30:00Z");
    private static final int MAX_EVENTS = 500;
    /** Eight buckets, so that the windows below put into buckets of several keys. */
    private static final int BITS = 3;

    private final WindowStore store = mock(WindowStore.class);
    private final FabricAnchorLedger fabric = mock(FabricAnchorLedger.class);
    private AnchoringService service = started();

    /** A service as it starts, with nothing in memory. */
    private AnchoringService started() {
        return started(mock(AnchoringLeader.class));
    }

    private AnchoringService started(final AnchoringLeader leader) {
        return new AnchoringService(store, mock(AnchorChain.class), fabric, leader,
                new AnchoringProperties(true, "http://evm", 31337, "0xc0ffee", null, "regulator", 100,
                        Duration.ofSeconds(30), MAX_EVENTS, 2, Duration.ofSeconds(1), 300_000, BITS, null),
                "wipetrace", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void plans_a_window_whose_root_folds_the_events_tree_with_the_head_map_of_every_key_it_touched() throws Exception {
        final Planned planned = plan(Optional.empty(), Map.of(),
                device("DEV-A", 0), device("DEV-B", 0), device("DEV-A", 1),
                registry("ORGANISATION_REGISTERED", "organisation", "mspId", "ProcessorOrgMSP"),
                registry("SITE_REGISTERED", "site", "siteId", "SITE-1"),
                registry("STATION_REGISTERED", "station", "stationId", "ST-1"),
                registry("STATION_REGISTERED", "station", "stationId", "ST-2"),
                registry("STATION_REVOKED", "station", "stationId", "ST-2"),
                "{\"eventId\":\"agg:0\",\"type\":\"AGGREGATED\"}");

        assertThat(planned.heads()).containsOnlyKeys("device:DEV-A", "device:DEV-B", "organisation:ProcessorOrgMSP",
                "site:SITE-1", "station:ST-1", "station:ST-2");
        assertThat(planned.head("device:DEV-A")).isEqualTo("1 " + planned.leaf(2));
        assertThat(planned.head("device:DEV-B")).isEqualTo("0 " + planned.leaf(1));
        assertThat(planned.head("organisation:ProcessorOrgMSP")).isEqualTo("0 " + planned.leaf(3));
        assertThat(planned.head("site:SITE-1")).isEqualTo("0 " + planned.leaf(4));
        assertThat(planned.head("station:ST-1")).isEqualTo("0 " + planned.leaf(5));
        // A registration and a revocation in one window: one registry event before the newest.
        assertThat(planned.head("station:ST-2")).isEqualTo("1 " + planned.leaf(7));

        final AnchorWindow window = planned.window();
        assertThat(window.eventsRoot()).isEqualTo(MerkleTree.of(planned.leafHashes()).root());
        assertThat(window.headsRoot()).isEqualTo(HeadMap.of(planned.moved()).root());
        assertThat(window.merkleRoot()).isEqualTo(HeadMap.anchorRoot(window.eventsRoot(), window.headsRoot()));
        assertThat(window.anchorHash()).isEqualTo(AnchoringService.anchorHash(window.merkleRoot(), 0, 9, 9,
                window.lastBlockHash(), new byte[32]));
    }

    @Test
    void a_later_window_moves_only_the_heads_it_touches_and_commits_to_every_key() throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0), device("DEV-B", 0),
                registry("STATION_REGISTERED", "station", "stationId", "ST-1"));
        final Map<String, HeadMap.Head> before = first.moved().stream()
                .collect(Collectors.toMap(HeadMap.Head::key, Function.identity()));
        // Restarted: the heads come from the store.
        service = started();

        final Planned second = plan(Optional.of(first.window()), before, device("DEV-A", 1),
                registry("STATION_REVOKED", "station", "stationId", "ST-1"));

        assertThat(second.heads()).containsOnlyKeys("device:DEV-A", "station:ST-1");
        assertThat(second.head("device:DEV-A")).isEqualTo("1 " + second.leaf(0));
        assertThat(second.head("station:ST-1")).isEqualTo("1 " + second.leaf(1));
        final Map<String, HeadMap.Head> all = new HashMap<>(before);
        second.moved().forEach(head -> all.put(head.key(), head));
        final HeadMap map = HeadMap.of(all.values());
        assertThat(second.window().headsRoot()).isEqualTo(map.root());
        assertThat(map.proof("device:DEV-B").orElseThrow().head()).isSameAs(before.get("device:DEV-B"));
        assertThat(HeadMap.verify(map.proof("device:DEV-A").orElseThrow(), second.window().headsRoot())).isTrue();
        assertThat(second.window().sequence()).isEqualTo(1);
        assertThat(second.window().previousAnchor()).isEqualTo(first.window().anchorHash());
        verify(store).heads(0, BITS);
        verify(store, never()).anchoredLeaves(anyLong());
    }

    @Test
    void the_first_window_with_a_head_map_takes_in_every_earlier_anchored_event_window_by_window() throws Exception {
        final AnchorWindow old = new AnchorWindow(4, 0, 9, 2, new byte[32], new byte[32], new byte[32],
                HEX.parseHex("ab".repeat(32)), "RECORDED", null, null, 77L, "fabric", null, null);
        final byte[] laterLeaf = HEX.parseHex("44".repeat(32));
        when(store.anchoredLeaves(1)).thenReturn(List.of(
                new Heads.Leaf(registry("STATION_REGISTERED", "station", "stationId", "ST-1"),
                        HEX.parseHex("33".repeat(32))),
                new Heads.Leaf(device("DEV-A", 0), HEX.parseHex("11".repeat(32)))));
        when(store.anchoredLeaves(3)).thenReturn(List.of(new Heads.Leaf(device("DEV-A", 1), laterLeaf)));
        when(store.anchoredLeaves(4)).thenReturn(List.of(
                new Heads.Leaf(device("DEV-B", 0), HEX.parseHex("22".repeat(32)))));

        final Planned planned = plan(Optional.of(old), Map.of(), device("DEV-B", 1),
                registry("STATION_REVOKED", "station", "stationId", "ST-1"));

        assertThat(planned.heads()).containsOnlyKeys("device:DEV-A", "device:DEV-B", "station:ST-1");
        assertThat(planned.head("device:DEV-A")).isEqualTo("1 " + HEX.formatHex(laterLeaf));
        assertThat(planned.head("device:DEV-B")).isEqualTo("1 " + planned.leaf(0));
        // The station's registration in window 1 and its revocation now: its second registry event.
        assertThat(planned.head("station:ST-1")).isEqualTo("1 " + planned.leaf(1));
        for (long window = 0; window <= 4; window++) {
            verify(store).anchoredLeaves(window);
        }
        verify(store, never()).anchoredLeaves(5);
        verify(store, never()).heads(anyLong(), anyInt());
    }

    @Test
    void consecutive_windows_keep_the_heads_in_memory_and_commit_to_the_head_map_of_the_stored_ones()
            throws Exception {
        final Map<String, HeadMap.Head> database = new HashMap<>();
        final Map<String, Integer> sequences = new HashMap<>();
        final java.util.Random random = new java.util.Random(7);
        Optional<AnchorWindow> latest = Optional.empty();
        for (int w = 0; w < 8; w++) {
            final List<String> payloads = new ArrayList<>();
            for (int e = 0; e < 40; e++) {
                final String device = "DEV-" + random.nextInt(150);
                payloads.add(device(device, sequences.merge(device, 1, Integer::sum) - 1));
            }
            payloads.add(registry(w % 2 == 0 ? "STATION_REGISTERED" : "STATION_REVOKED", "station", "stationId",
                    "ST-" + w / 2));

            final Planned planned = plan(latest, database, payloads.toArray(String[]::new));

            planned.moved().forEach(head -> database.put(head.key(), head));
            assertThat(planned.window().headsRoot()).as("window %d", w)
                    .isEqualTo(HeadMap.of(database.values()).root());
            verify(store, never()).heads(anyLong(), anyInt());
            latest = Optional.of(planned.window());
        }
        assertThat(database).hasSize(sequences.size() + 4);
        // The registry's count goes on from the head kept in memory: a registration, then its revocation.
        assertThat(database.get("station:ST-3").sequence()).isEqualTo(1);
    }

    @Test
    void a_window_that_failed_to_be_stored_leaves_no_heads_behind_and_the_next_plan_reads_them_again()
            throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0), device("DEV-B", 0));
        final Map<String, HeadMap.Head> database = new HashMap<>(first.heads());
        stub(Optional.of(first.window()), database, device("DEV-A", 1), device("DEV-C", 0));
        doThrow(new IllegalStateException("connection lost")).when(store).plan(any(), any(), any());

        assertThatThrownBy(this::plan).hasMessage("connection lost");

        doNothing().when(store).plan(any(), any(), any());
        final Planned retried = plan(Optional.of(first.window()), database, device("DEV-B", 1));
        verify(store).heads(0, BITS);
        assertThat(retried.heads()).containsOnlyKeys("device:DEV-B");
        // Neither DEV-A's sequence 1 nor DEV-C, which only the window that was not stored moved.
        assertStoredAndCommitted(retried, database);

        final Planned next = plan(Optional.of(retried.window()), database, device("DEV-C", 0));
        verify(store, never()).heads(anyLong(), anyInt());
        assertStoredAndCommitted(next, database);
    }

    @Test
    void reads_the_heads_again_when_the_latest_window_is_not_the_one_it_planned() throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0));
        final Map<String, HeadMap.Head> database = new HashMap<>(first.heads());
        database.put("device:DEV-B", new HeadMap.Head("device:DEV-B", 0, HEX.parseHex("22".repeat(32))));
        // Another replica anchored window 1 (DEV-B) while this one did not lead.
        final AnchorWindow other = new AnchorWindow(1, first.window().lastBlock() + 1, first.window().lastBlock() + 3,
                1, new byte[32], new byte[32], first.window().anchorHash(), HEX.parseHex("ab".repeat(32)), "RECORDED",
                null, null, null, null, new byte[32], HeadMap.of(database.values()).root());

        final Planned planned = plan(Optional.of(other), database, device("DEV-A", 1));

        verify(store).heads(1, BITS);
        assertStoredAndCommitted(planned, database);
    }

    @Test
    void builds_the_head_tree_after_a_start_before_any_window_is_due_and_the_next_plan_uses_it() throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0), device("DEV-B", 0));
        final Map<String, HeadMap.Head> database = new HashMap<>(first.heads());
        service = started();
        stub(Optional.of(first.window()), database);

        assertThat(warm()).contains(0L);
        assertThat(warm()).isEmpty();
        verify(store).heads(0, BITS);

        final Planned next = plan(Optional.of(first.window()), database, device("DEV-A", 1));
        verify(store, never()).heads(anyLong(), anyInt());
        assertStoredAndCommitted(next, database);
    }

    @Test
    void a_tick_reads_the_latest_window_once_to_build_the_tree_and_plan_on_it() throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0), device("DEV-B", 0));
        final Map<String, HeadMap.Head> database = new HashMap<>(first.heads());
        final AnchoringLeader leader = mock(AnchoringLeader.class);
        when(leader.leads()).thenReturn(true);
        service = started(leader);
        stub(Optional.of(first.window()), database, device("DEV-B", 1));

        service.tick();

        assertThat(service.lastError()).isEmpty();
        verify(store, times(1)).latest();
        verify(store, times(1)).heads(0, BITS);
        final ArgumentCaptor<AnchorWindow> next = ArgumentCaptor.forClass(AnchorWindow.class);
        verify(store).plan(next.capture(), any(), any());
        assertThat(next.getValue().sequence()).isEqualTo(1);
        assertThat(next.getValue().previousAnchor()).isEqualTo(first.window().anchorHash());
    }

    @Test
    void builds_no_head_tree_before_a_window_with_a_head_map_nor_while_the_latest_is_on_its_way() throws Exception {
        when(store.latest()).thenReturn(Optional.empty());
        assertThat(warm()).isEmpty();

        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0));
        service = started();
        for (final String status : List.of("PLANNED", "SIGNED", "SENT", "CONFIRMED", "FAILED")) {
            when(store.latest()).thenReturn(Optional.of(withStatus(first.window(), status)));
            assertThat(warm()).as(status).isEmpty();
        }

        when(store.latest()).thenReturn(Optional.of(new AnchorWindow(4, 0, 9, 2, new byte[32], new byte[32],
                new byte[32], HEX.parseHex("ab".repeat(32)), "RECORDED", null, null, 77L, "fabric", null, null)));
        assertThat(warm()).isEmpty();

        verify(store, never()).heads(anyLong(), anyInt());
    }

    @Test
    void refuses_stored_heads_that_do_not_hash_to_the_windows_heads_root() throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0), device("DEV-B", 0));
        // The table lost DEV-B's head: the heads it holds as of window 0 are not those the window committed to.
        final Map<String, HeadMap.Head> lost = new HashMap<>(first.heads());
        lost.remove("device:DEV-B");
        service = started();
        stub(Optional.of(first.window()), lost, device("DEV-C", 0));

        assertThatThrownBy(this::warm).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not to its heads root " + HEX.formatHex(first.window().headsRoot()));
        assertThatThrownBy(this::plan).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("heads stored as of anchor 0");
        verify(store, never()).plan(any(), any(), any());
    }

    @Test
    void plans_no_window_while_the_latest_is_still_on_its_way_and_then_one_that_takes_every_event_since()
            throws Exception {
        final Planned first = plan(Optional.empty(), Map.of(), device("DEV-A", 0));
        for (final String status : List.of("PLANNED", "SIGNED", "SENT", "CONFIRMED", "FAILED")) {
            org.mockito.Mockito.clearInvocations(store);
            when(store.latest()).thenReturn(Optional.of(withStatus(first.window(), status)));

            plan();

            verify(store, never()).events(anyLong(), anyLong());
            verify(store, never()).plan(any(), any(), any());
        }

        // Recorded: the events of all the blocks that committed meanwhile go into one window.
        final String[] meanwhile = new String[40];
        for (int i = 0; i < meanwhile.length; i++) {
            meanwhile[i] = device("DEV-" + i, 0);
        }
        final Planned next = plan(Optional.of(first.window()), first.heads(), meanwhile);
        assertThat(next.window().sequence()).isEqualTo(1);
        assertThat(next.window().firstBlock()).isEqualTo(first.window().lastBlock() + 1);
        assertThat(next.window().eventCount()).isEqualTo(meanwhile.length);
        assertThat(next.window().previousAnchor()).isEqualTo(first.window().anchorHash());
    }

    @Test
    void a_backlog_beyond_the_most_events_a_window_takes_is_cut_at_a_block_and_closes_the_window_at_once()
            throws Exception {
        // Two events, committed a moment ago: neither many nor old enough to close a window on their own.
        final List<EventReads.Event> events = List.of(
                new EventReads.Event("tx0:0", 0, "tx0", device("DEV-A", 0), NOW.minusMillis(10)),
                new EventReads.Event("tx1:0", 1, "tx1", device("DEV-B", 0), NOW.minusMillis(10)));
        when(store.latest()).thenReturn(Optional.empty());
        when(store.checkpoint("wipetrace")).thenReturn(900L);
        // More than MAX_EVENTS wait in blocks 0..900: the store says where the range must end.
        when(store.lastBlockWithin(0, 900, MAX_EVENTS)).thenReturn(1L);
        when(store.events(0, 1)).thenReturn(events);
        when(fabric.blockHeaderHash(1)).thenReturn(HEX.parseHex("cd".repeat(32)));

        plan();

        final ArgumentCaptor<AnchorWindow> window = ArgumentCaptor.forClass(AnchorWindow.class);
        verify(store).plan(window.capture(), any(), any());
        assertThat(window.getValue().firstBlock()).isZero();
        assertThat(window.getValue().lastBlock()).isEqualTo(1);
        assertThat(window.getValue().eventCount()).isEqualTo(2);
        verify(store, never()).events(0, 900);
    }

    @Test
    void a_window_neither_full_nor_old_waits() throws Exception {
        when(store.latest()).thenReturn(Optional.empty());
        when(store.checkpoint("wipetrace")).thenReturn(3L);
        when(store.lastBlockWithin(0, 3, MAX_EVENTS)).thenReturn(3L);
        when(store.events(0, 3)).thenReturn(List.of(
                new EventReads.Event("tx0:0", 0, "tx0", device("DEV-A", 0), NOW.minusMillis(10))));

        plan();

        verify(store, never()).plan(any(), any(), any());
    }

    private static AnchorWindow withStatus(final AnchorWindow w, final String status) {
        return new AnchorWindow(w.sequence(), w.firstBlock(), w.lastBlock(), w.eventCount(), w.merkleRoot(),
                w.lastBlockHash(), w.previousAnchor(), w.anchorHash(), status, null, null, null, null,
                w.eventsRoot(), w.headsRoot());
    }

    @Test
    void measures_building_the_head_map_of_many_keys() {
        final byte[] leaf = HEX.parseHex("5a".repeat(32));
        for (final int keys : new int[] {10_000, 100_000, 10_000}) {
            final List<HeadMap.Head> heads = new ArrayList<>(keys);
            for (int i = 0; i < keys; i++) {
                heads.add(new HeadMap.Head("device:DEV-" + i, i % 7, leaf));
            }
            final long started = System.nanoTime();
            final HeadMap map = HeadMap.of(heads);
            final long built = System.nanoTime();
            final HeadMap.Proof proof = map.proof("device:DEV-" + (keys / 2)).orElseThrow();
            final long proven = System.nanoTime();
            assertThat(HeadMap.verify(proof, map.root())).isTrue();
            // A print, not an assertion: the machine's load decides the time (the first run includes warming up).
            System.out.printf("head map of %,d keys: built in %d ms, one proof in %d us (%d siblings)%n", keys,
                    (built - started) / 1_000_000, (proven - built) / 1_000, proof.path().size());
        }
    }

    /** What one plan() stored. */
    private record Planned(AnchorWindow window, List<WindowStore.Leaf> leaves, List<HeadMap.Head> moved) {

        Map<String, HeadMap.Head> heads() {
            return moved.stream().collect(Collectors.toMap(HeadMap.Head::key, Function.identity()));
        }

        String head(final String key) {
            final HeadMap.Head head = heads().get(key);
            return head.sequence() + " " + HEX.formatHex(head.leaf());
        }

        String leaf(final int index) {
            return HEX.formatHex(leaves.get(index).leafHash());
        }

        List<byte[]> leafHashes() {
            return leaves.stream().map(WindowStore.Leaf::leafHash).toList();
        }
    }

    /**
     * Puts the heads a window moved into the test's copy of the table, as storing the window does, and checks that the
     * window committed to the head map of every key the table then holds.
     */
    private static void assertStoredAndCommitted(final Planned planned, final Map<String, HeadMap.Head> database) {
        planned.moved().forEach(head -> database.put(head.key(), head));
        assertThat(planned.window().headsRoot()).isEqualTo(HeadMap.of(database.values()).root());
    }

    /** What a tick does first, with the latest window as the store holds it. */
    private Optional<Long> warm() {
        return service.warm(store.latest());
    }

    /** What a tick does next, with the latest window as the store holds it. */
    private void plan() throws Exception {
        service.plan(store.latest());
    }

    @SuppressWarnings("unchecked")
    private Planned plan(final Optional<AnchorWindow> latest, final Map<String, HeadMap.Head> heads,
            final String... payloads) throws Exception {
        stub(latest, heads, payloads);

        plan();

        final ArgumentCaptor<AnchorWindow> window = ArgumentCaptor.forClass(AnchorWindow.class);
        final ArgumentCaptor<List<WindowStore.Leaf>> leaves = ArgumentCaptor.forClass(List.class);
        final ArgumentCaptor<List<HeadMap.Head>> moved = ArgumentCaptor.forClass(List.class);
        verify(store).plan(window.capture(), leaves.capture(), moved.capture());
        final Planned planned = new Planned(window.getValue(), leaves.getValue(), moved.getValue());
        for (int i = 0; i < payloads.length; i++) {
            assertThat(planned.leaves().get(i).leafHash()).isEqualTo(EventLeaf.hash(planned.leaves().get(i).salt(),
                    AnchoringService.canonical(payloads[i])));
        }
        return planned;
    }

    /** Lets the store answer a plan after {@code latest} whose heads are {@code heads}, of these events. */
    private void stub(final Optional<AnchorWindow> latest, final Map<String, HeadMap.Head> heads,
            final String... payloads) {
        org.mockito.Mockito.clearInvocations(store);
        final long first = latest.map(w -> w.lastBlock() + 1).orElse(0L);
        final long last = first + payloads.length;
        final List<EventReads.Event> events = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            events.add(new EventReads.Event("tx" + first + i + ":0", first + i, "tx" + first + i, payloads[i],
                    NOW.minusSeconds(60)));
        }
        // Each plan follows a window that has been recorded: none is planned while another is on its way.
        when(store.latest()).thenReturn(latest.map(w -> withStatus(w, "RECORDED")));
        when(store.checkpoint("wipetrace")).thenReturn(last);
        when(store.lastBlockWithin(first, last, MAX_EVENTS)).thenReturn(last);
        when(store.events(first, last)).thenReturn(events);
        latest.ifPresent(w -> {
            when(store.heads(w.sequence(), BITS)).thenAnswer(call -> BucketedHeadTree.of(BITS, heads.values()));
            // Read when asked, as the table is: the heads as of the latest window, bucket by bucket.
            when(store.asOf(w.sequence())).thenReturn(BucketedHeadTree.Buckets.of(heads.values()));
        });
        when(fabric.blockHeaderHash(last)).thenReturn(HEX.parseHex("cd".repeat(32)));
    }

    private static String device(final String deviceId, final int sequence) {
        return "{\"deviceId\":\"" + deviceId + "\",\"eventId\":\"e" + deviceId + sequence + ":0\",\"sequence\":"
                + sequence + ",\"type\":\"COLLECTED\"}";
    }

    private static String registry(final String change, final String record, final String idField, final String id) {
        return "{\"change\":\"" + change + "\",\"" + record + "\":{\"" + idField + "\":\"" + id
                + "\",\"name\":\"x\"},\"txId\":\"t\",\"txTimestamp\":\"2026-11-01T09:00:00Z\"}";
    }

    @Test
    void computes_the_anchor_hash_exactly_as_the_evm_contract_does() {
        // Returned by eth_call of WipeTraceAnchor.anchor(...) on the EVM node for these inputs; the chaincode's
        // AnchorContractTest checks its own Keccak against the same vector.
        final byte[] hash = AnchoringService.anchorHash(HEX.parseHex("ab".repeat(32)), 5, 14, 42,
                HEX.parseHex("cd".repeat(32)),
                HEX.parseHex("6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b"));

        assertThat(HEX.formatHex(hash)).isEqualTo("80f51cf923858ea820e94c822dc94b3e4e6ccd7d66c92fec9080eb1facffed11");
    }

    @Test
    void restores_the_chaincodes_canonical_bytes_from_a_reordered_event() {
        // PostgreSQL's jsonb orders keys by length; the chaincode emitted them sorted by name, without whitespace.
        final String fromJsonb = "{\"type\": \"COLLECTED\", \"details\": {\"storageGb\": 128, \"make\": \"华为\"},"
                + " \"deviceId\": \"DEV-1\", \"sequence\": 0}";

        assertThat(new String(AnchoringService.canonical(fromJsonb), UTF_8)).isEqualTo(
                "{\"details\":{\"make\":\"华为\",\"storageGb\":128},\"deviceId\":\"DEV-1\",\"sequence\":0,"
                        + "\"type\":\"COLLECTED\"}");
    }
}
