package io.wipetrace.gateway.bulk;

import io.wipetrace.gateway.bulk.ImportViews.JobView;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Progress of a job as server-sent events: a {@code progress} event with the job's view at once and whenever it
 * changes, then one {@code completed} event when the job is done, and the stream ends. Each stream looks at its job
 * in the database every {@code wipetrace.imports.events-poll}, so it follows a job whichever gateway works on it.
 */
@Component
class ImportEvents implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ImportEvents.class);

    private final ImportProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        final Thread thread = new Thread(task, "import-events");
        thread.setDaemon(true);
        return thread;
    });

    ImportEvents(final ImportProperties properties) {
        this.properties = properties;
    }

    /**
     * Opens a stream.
     *
     * @param view reads the job's current view (empty if it is gone)
     * @return the emitter the controller returns
     */
    SseEmitter stream(final Supplier<Optional<JobView>> view) {
        final SseEmitter emitter = new SseEmitter(properties.eventsTimeout().toMillis());
        final AtomicReference<JobView> last = new AtomicReference<>();
        final AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        final Runnable poll = () -> {
            try {
                final Optional<JobView> current = view.get();
                if (current.isEmpty()) {
                    emitter.complete();
                    cancel(task);
                    return;
                }
                final JobView now = current.get();
                if (!now.equals(last.get())) {
                    last.set(now);
                    emitter.send(SseEmitter.event()
                            .name(now.completed() ? "completed" : "progress")
                            .id(Integer.toString(now.rowsDone() + now.rowsFailed()))
                            .data(now, MediaType.APPLICATION_JSON));
                }
                if (now.completed()) {
                    emitter.complete();
                    cancel(task);
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away, or the emitter timed out.
                cancel(task);
            } catch (RuntimeException e) {
                LOG.warn("import events: {}", e.toString());
                emitter.completeWithError(e);
                cancel(task);
            }
        };
        emitter.onCompletion(() -> cancel(task));
        emitter.onTimeout(() -> cancel(task));
        emitter.onError(error -> cancel(task));
        task.set(scheduler.scheduleWithFixedDelay(poll, 0, properties.eventsPoll().toMillis(),
                TimeUnit.MILLISECONDS));
        return emitter;
    }

    private static void cancel(final AtomicReference<ScheduledFuture<?>> task) {
        final ScheduledFuture<?> scheduled = task.get();
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
