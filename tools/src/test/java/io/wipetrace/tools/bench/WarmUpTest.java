package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    /** A clock that a round moves by 10 s, and a compiler that spends the given seconds in each round in turn. */
    private static final class Jvm {
        final AtomicLong now = new AtomicLong();
        final AtomicLong compiledMillis = new AtomicLong(40_000);
        final AtomicInteger rounds = new AtomicInteger();
        final long[] compilingPerRound;

        Jvm(final long... compilingMillisPerRound) {
            this.compilingPerRound = compilingMillisPerRound;
        }

        void round() {
            final int index = rounds.getAndIncrement();
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            compiledMillis.addAndGet(compilingPerRound[Math.min(index, compilingPerRound.length - 1)]);
        }

        Duration compiled() {
            return Duration.ofMillis(compiledMillis.get());
        }
    }

    @Test
    void runs_rounds_until_the_compiler_spent_at_most_the_share_of_one() throws InterruptedException {
        // 14 s, 6 s, 1.2 s and 0.4 s of compiling in 10 s rounds: 140 %, 60 %, 12 %, 4 %.
        final Jvm jvm = new Jvm(14_000, 6_000, 1_200, 400, 100);
        final List<WarmUp.Round> told = new ArrayList<>();

        final WarmUp.Outcome outcome = new WarmUp(0.05, 20, jvm.now::get).run(jvm::compiled, jvm::round, told::add);

        assertThat(outcome.settled()).isTrue();
        assertThat(jvm.rounds).hasValue(4);
        assertThat(outcome.rounds()).isEqualTo(told);
        assertThat(outcome.rounds()).extracting(WarmUp.Round::compiling).containsExactly(Duration.ofMillis(14_000),
                Duration.ofMillis(6_000), Duration.ofMillis(1_200), Duration.ofMillis(400));
        assertThat(outcome.rounds().get(0).wall()).isEqualTo(Duration.ofSeconds(10));
        assertThat(outcome.rounds().get(0).compilingShare()).isEqualTo(1.4);
        assertThat(outcome.rounds().get(3).compilingShare()).isEqualTo(0.04);
    }

    @Test
    void stops_after_its_rounds_and_says_the_compiler_had_not_settled() throws InterruptedException {
        final Jvm jvm = new Jvm(3_000);

        final WarmUp.Outcome outcome = new WarmUp(0.05, 3, jvm.now::get).run(jvm::compiled, jvm::round, round -> {});

        assertThat(outcome.settled()).isFalse();
        assertThat(jvm.rounds).hasValue(3);
        assertThat(outcome.rounds()).hasSize(3).allSatisfy(round -> assertThat(round.compilingShare()).isEqualTo(0.3));
    }

    @Test
    void a_settled_jvm_takes_one_round() throws InterruptedException {
        final Jvm jvm = new Jvm(0);

        final WarmUp.Outcome outcome = new WarmUp(0.05, 10, jvm.now::get).run(jvm::compiled, jvm::round, round -> {});

        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.rounds()).singleElement().extracting(WarmUp.Round::number).isEqualTo(1);
    }

    @Test
    void refuses_a_bound_that_can_never_be_met() {
        assertThatThrownBy(() -> new WarmUp(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WarmUp(0.05, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
