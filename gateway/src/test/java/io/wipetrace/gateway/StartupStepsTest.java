package io.wipetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

class StartupStepsTest {

    @Test
    void a_steps_own_time_leaves_out_the_steps_it_started_and_the_times_add_up_to_the_outermost() {
        final BufferingApplicationStartup startup = new BufferingApplicationStartup(100);
        final StartupStep outer = startup.start("spring.beans.instantiate").tag("beanName", "outer");
        final StartupStep first = startup.start("spring.beans.instantiate").tag("beanName", "first");
        final StartupStep nested = startup.start("spring.beans.instantiate").tag("beanName", "nested");
        nested.end();
        first.end();
        final StartupStep second = startup.start("spring.context.config-classes.parse").tag("classCount", "3");
        second.end();
        outer.end();
        final StartupTimeline timeline = startup.getBufferedTimeline();

        final List<StartupSteps.Step> steps = StartupSteps.steps(timeline);

        assertThat(steps).extracting(StartupSteps.Step::tags).containsExactlyInAnyOrder(
                Map.of("beanName", "outer"), Map.of("beanName", "first"), Map.of("beanName", "nested"),
                Map.of("classCount", "3"));
        final Duration outerDuration = timeline.getEvents().stream()
                .filter(e -> e.getStartupStep().getParentId() == null).findFirst().orElseThrow().getDuration();
        assertThat(steps.stream().map(StartupSteps.Step::own).reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(outerDuration);
        assertThat(steps).allSatisfy(step -> assertThat(step.own().isNegative()).isFalse());
        final Duration firstDuration = timeline.getEvents().stream()
                .filter(e -> "first".equals(tag(e, "beanName"))).findFirst().orElseThrow().getDuration();
        final Duration nestedOwn = steps.stream().filter(s -> "nested".equals(s.tags().get("beanName")))
                .findFirst().orElseThrow().own();
        final Duration firstOwn = steps.stream().filter(s -> "first".equals(s.tags().get("beanName")))
                .findFirst().orElseThrow().own();
        assertThat(firstOwn.plus(nestedOwn)).isEqualTo(firstDuration);
    }

    private static String tag(final StartupTimeline.TimelineEvent event, final String key) {
        for (final StartupStep.Tag tag : event.getStartupStep().getTags()) {
            if (tag.getKey().equals(key)) {
                return tag.getValue();
            }
        }
        return null;
    }
}
