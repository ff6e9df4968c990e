package io.wipetrace.gateway;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ApplicationListener;

/**
 * Where a start's time goes, when asked for: with {@code WIPETRACE_STARTUP_STEPS=N} the application records Spring's
 * start-up steps ({@link BufferingApplicationStartup}) and, once ready, logs the time per kind of step and the
 * {@code N} steps that took longest by themselves (a step's own time, without the steps it started, such as the beans
 * a bean needed first). Off by default: recording costs a little time and memory of its own.
 */
final class StartupSteps implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSteps.class);
    /** More steps than a start of the gateway takes, so that none is dropped. */
    private static final int CAPACITY = 20_000;

    private final BufferingApplicationStartup recorded;
    private final int slowest;

    private StartupSteps(final BufferingApplicationStartup recorded, final int slowest) {
        this.recorded = recorded;
        this.slowest = slowest;
    }

    /**
     * Records the steps of {@code application}'s start when {@code setting} is a positive count.
     *
     * @param application the application, before it runs
     * @param setting {@code WIPETRACE_STARTUP_STEPS}: how many of the slowest steps to log; empty or 0 records nothing
     */
    static void install(final SpringApplication application, final String setting) {
        final int slowest = setting == null || setting.isBlank() ? 0 : Integer.parseInt(setting.strip());
        if (slowest <= 0) {
            return;
        }
        final BufferingApplicationStartup recorded = new BufferingApplicationStartup(CAPACITY);
        application.setApplicationStartup(recorded);
        application.addListeners(new StartupSteps(recorded, slowest));
    }

    @Override
    public void onApplicationEvent(final ApplicationReadyEvent event) {
        final List<Step> steps = steps(recorded.getBufferedTimeline());
        final Map<String, Duration> byName = steps.stream().collect(Collectors.groupingBy(Step::name,
                Collectors.reducing(Duration.ZERO, Step::own, Duration::plus)));
        LOG.info("start-up steps, own time per kind: {}", byName.entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").collect(Collectors.joining(", ")));
        LOG.info("start-up steps, the {} slowest by their own time: {}", slowest, steps.stream()
                .sorted(Comparator.comparing(Step::own).reversed()).limit(slowest)
                .map(s -> s.own().toMillis() + " ms " + s.name() + s.tags()).collect(Collectors.joining(", ")));
    }

    /**
     * A recorded step, with its own time: its duration less that of the steps it started.
     *
     * @param name the step's name, e.g. {@code spring.beans.instantiate}
     * @param tags its tags, e.g. the bean's name
     * @param own its own time
     */
    record Step(String name, Map<String, String> tags, Duration own) {}

    /** The timeline's steps, each with its own time. */
    static List<Step> steps(final StartupTimeline timeline) {
        final Map<Long, Duration> children = new HashMap<>();
        for (final StartupTimeline.TimelineEvent entry : timeline.getEvents()) {
            final Long parent = entry.getStartupStep().getParentId();
            if (parent != null) {
                children.merge(parent, entry.getDuration(), Duration::plus);
            }
        }
        return timeline.getEvents().stream().map(entry -> {
            final Duration own = entry.getDuration().minus(children.getOrDefault(entry.getStartupStep().getId(),
                    Duration.ZERO));
            final Map<String, String> tags = StreamSupport.stream(entry.getStartupStep().getTags().spliterator(), false)
                    .collect(Collectors.toMap(tag -> tag.getKey(), tag -> tag.getValue(), (a, b) -> b));
            return new Step(entry.getStartupStep().getName(), tags, own.isNegative() ? Duration.ZERO : own);
        }).toList();
    }
}
