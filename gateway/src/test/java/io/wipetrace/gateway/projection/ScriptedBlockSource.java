package io.wipetrace.gateway.projection;

import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.common.Block;

/** A block source that plays one scripted stream per call, recording where each stream was asked to start. */
final class ScriptedBlockSource implements BlockSource {

    final List<Long> starts = new CopyOnWriteArrayList<>();
    final List<Stream> opened = new CopyOnWriteArrayList<>();
    private final Deque<LongFunction<Stream>> script = new ArrayDeque<>();

    /** Then a stream that delivers these blocks and fails as an unreachable peer does. */
    ScriptedBlockSource failingAfter(final Block... blocks) {
        script.add(start -> new Stream(List.of(blocks), true));
        return this;
    }

    /** Then a stream that delivers these blocks and waits for more until it is closed. */
    ScriptedBlockSource openAfter(final Block... blocks) {
        script.add(start -> new Stream(List.of(blocks), false));
        return this;
    }

    @Override
    public synchronized CloseableIterator<Block> blocksFrom(final long startBlock) {
        starts.add(startBlock);
        final LongFunction<Stream> next = script.poll();
        final Stream stream = next == null ? new Stream(List.of(), true) : next.apply(startBlock);
        opened.add(stream);
        return stream;
    }

    static final class Stream implements CloseableIterator<Block> {

        private final Iterator<Block> blocks;
        private final boolean fails;
        private final CountDownLatch closed = new CountDownLatch(1);

        Stream(final List<Block> blocks, final boolean fails) {
            this.blocks = blocks.iterator();
            this.fails = fails;
        }

        @Override
        public boolean hasNext() {
            if (blocks.hasNext()) {
                return true;
            }
            if (fails) {
                throw new GatewayRuntimeException(Status.UNAVAILABLE.withDescription("peer gone").asRuntimeException());
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new GatewayRuntimeException(Status.CANCELLED.withDescription("closed").asRuntimeException());
        }

        @Override
        public Block next() {
            if (!blocks.hasNext()) {
                throw new NoSuchElementException();
            }
            return blocks.next();
        }

        @Override
        public void close() {
            closed.countDown();
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }
    }
}
