package io.wipetrace.gateway.anchoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One read of every head for callers that want the same anchor's tree at once, and a tree of its own for each. */
@Timeout(60)
class HeadTreeBuildsTest {

    private static final int BITS = 3;

    private final HeadTreeBuilds builds = new HeadTreeBuilds();
    private final AtomicInteger reads = new AtomicInteger();
    /** The callers' threads: the common pool has one thread on two cores, and a read here blocks until released. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @Test
    void a_caller_that_asks_while_the_same_tree_is_read_gets_a_copy_of_that_read() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final HeadTreeBuilds.Read slow = held(release, () -> BucketedHeadTree.of(BITS, heads(40)));
        final List<CompletableFuture<BucketedHeadTree>> callers = twoCallers(7, slow, release);

        final BucketedHeadTree a = callers.get(0).get(30, TimeUnit.SECONDS);
        final BucketedHeadTree b = callers.get(1).get(30, TimeUnit.SECONDS);
        assertThat(reads).hasValue(1);
        assertThat(b).isNotSameAs(a);
        assertThat(b.root()).isEqualTo(a.root()).isEqualTo(HeadMap.of(heads(40)).root());
        // Each caller moves its own tree: a put into one leaves the other as it was.
        final List<HeadMap.Head> more = heads(41);
        a.putAll(List.of(more.getLast()), BucketedHeadTree.Buckets.of(heads(40)));
        assertThat(a.root()).isEqualTo(HeadMap.of(more).root());
        assertThat(b.root()).isEqualTo(HeadMap.of(heads(40)).root());
    }

    @Test
    void keeps_nothing_once_a_read_is_handed_out_and_reads_other_anchors_apart() throws Exception {
        final HeadTreeBuilds.Read counting = (anchor, bits) -> {
            reads.incrementAndGet();
            return BucketedHeadTree.of(bits, heads((int) anchor));
        };
        assertThat(builds.heads(5, BITS, counting).size()).isEqualTo(5);
        assertThat(builds.heads(5, BITS, counting).size()).isEqualTo(5);
        assertThat(reads).hasValue(2);

        // While anchor 8's tree is read, anchor 9's is read on its own, not given anchor 8's.
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<BucketedHeadTree> eight = CompletableFuture.supplyAsync(() -> builds.heads(8, BITS,
                held(release, () -> BucketedHeadTree.of(BITS, heads(8)))), threads);
        awaitReads(3);
        assertThat(builds.heads(9, BITS, counting).size()).isEqualTo(9);
        release.countDown();
        assertThat(eight.get(30, TimeUnit.SECONDS).size()).isEqualTo(8);
        assertThat(reads).hasValue(4);
    }

    @Test
    void a_failed_read_fails_every_caller_that_waited_for_it_and_the_next_call_reads_again() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final HeadTreeBuilds.Read failing = held(release, () -> {
            throw new IllegalStateException("connection lost");
        });
        final List<CompletableFuture<BucketedHeadTree>> callers = twoCallers(3, failing, release);

        for (final CompletableFuture<BucketedHeadTree> caller : callers) {
            assertThatThrownBy(() -> caller.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("connection lost");
        }
        assertThat(reads).hasValue(1);
        assertThat(builds.heads(3, BITS, (anchor, bits) -> BucketedHeadTree.of(bits, heads(3))).size()).isEqualTo(3);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /**
     * Two callers of one anchor's tree: the second asks once the first's read has begun, and the read is released once
     * the second waits for it.
     */
    private List<CompletableFuture<BucketedHeadTree>> twoCallers(final long anchor, final HeadTreeBuilds.Read read,
            final CountDownLatch release) throws InterruptedException {
        final CompletableFuture<BucketedHeadTree> first =
                CompletableFuture.supplyAsync(() -> builds.heads(anchor, BITS, read), threads);
        awaitReads(1);
        final CompletableFuture<BucketedHeadTree> second =
                CompletableFuture.supplyAsync(() -> builds.heads(anchor, BITS, read), threads);
        while (builds.waiting() < 1) {
            Thread.sleep(1);
        }
        release.countDown();
        return List.of(first, second);
    }

    /** A read that counts itself, then waits until {@code release} before it answers. */
    private HeadTreeBuilds.Read held(final CountDownLatch release, final Supplier<BucketedHeadTree> answer) {
        return (anchor, bits) -> {
            reads.incrementAndGet();
            await(release);
            return answer.get();
        };
    }

    private void awaitReads(final int count) throws InterruptedException {
        while (reads.get() < count) {
            Thread.sleep(1);
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the read");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<HeadMap.Head> heads(final int count) {
        final List<HeadMap.Head> heads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            heads.add(new HeadMap.Head("device:D-" + i, i % 3,
                    Sha256.digest(("leaf " + i).getBytes(StandardCharsets.UTF_8))));
        }
        return heads;
    }
}
