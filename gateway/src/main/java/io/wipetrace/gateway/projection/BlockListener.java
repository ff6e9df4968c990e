package io.wipetrace.gateway.projection;

import java.time.Duration;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the channel: reads the checkpoint, opens a block stream at checkpoint + 1, and hands each block to the
 * {@link BlockProcessor}. When the stream or the database fails, it waits (exponential backoff) and starts over from
 * the checkpoint, so a failure at any point costs time, never a block.
 *
 * <p>Runs on one thread of its own between {@link #start()} and {@link #stop()}; it can be stopped and started again.
 */
final class BlockListener implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BlockListener.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String channel;
    private final BlockSource source;
    private final BlockProcessor processor;
    private final ProjectionStore store;
    private final ProjectionProgress progress;
    private final ProjectionProperties.Reconnect reconnect;
    private final boolean autoStartup;

    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile CloseableIterator<Block> stream;
    private Thread thread;

    /**
     * A listener for one channel.
     *
     * @param channel the channel, naming the checkpoint
     * @param source opens block streams
     * @param processor projects each block
     * @param store holds the checkpoint to resume from
     * @param progress records what happens, for metrics and health
     * @param reconnect the backoff between failed attempts
     * @param autoStartup whether the application context starts the listener
     */
    public BlockListener(
            final String channel,
            final BlockSource source,
            final BlockProcessor processor,
            final ProjectionStore store,
            final ProjectionProgress progress,
            final ProjectionProperties.Reconnect reconnect,
            final boolean autoStartup) {
        this.channel = channel;
        this.source = source;
        this.processor = processor;
        this.store = store;
        this.progress = progress;
        this.reconnect = reconnect;
        this.autoStartup = autoStartup;
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            thread = Thread.ofPlatform().name("projection-" + channel).daemon().start(this::follow);
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            final CloseableIterator<Block> open = stream;
            if (open != null) {
                open.close();
            }
            thread.interrupt();
            try {
                if (!thread.join(STOP_GRACE)) {
                    LOG.warn("the projection listener of channel {} did not stop within {}", channel, STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
            progress.stopped();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    private void follow() {
        Duration backoff = reconnect.initialBackoff();
        while (running) {
            try {
                final long checkpoint = store.checkpoint(channel);
                progress.checkpointLoaded(checkpoint);
                try (CloseableIterator<Block> blocks = source.blocksFrom(checkpoint + 1)) {
                    stream = blocks;
                    if (!running) {
                        break;
                    }
                    progress.streamOpened();
                    LOG.info("projecting channel {} from block {}", channel, checkpoint + 1);
                    while (running && blocks.hasNext()) {
                        project(blocks.next());
                        backoff = reconnect.initialBackoff();
                    }
                } finally {
                    stream = null;
                }
                if (running) {
                    throw new ProjectionException("the peer ended the block stream of channel " + channel);
                }
            } catch (RuntimeException e) {
                // Whatever failed (the peer's stream, the database, a block that cannot be projected), the block's
                // SQL transaction was rolled back: retry from the checkpoint after a pause, or leave when stopped.
                if (!running) {
                    break;
                }
                progress.failed(e);
                LOG.warn("projection of channel {} failed; retrying from the checkpoint in {}: {}",
                        channel, backoff, e.toString());
                if (!pause(backoff)) {
                    break;
                }
                backoff = min(backoff.multipliedBy(2), reconnect.maxBackoff());
            }
        }
        LOG.info("stopped projecting channel {}", channel);
    }

    private void project(final Block block) {
        final BlockProcessor.Outcome outcome = processor.process(block);
        if (outcome.projected()) {
            progress.projected(outcome.blockNumber(), outcome.transactions());
            LOG.debug("projected block {} of channel {} ({} valid transactions)",
                    outcome.blockNumber(), channel, outcome.transactions());
        } else {
            progress.alreadyProjected(outcome.blockNumber());
        }
    }

    private boolean pause(final Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Duration min(final Duration a, final Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
