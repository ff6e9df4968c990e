package io.wipetrace.portal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.portal.verify.Answer.Facts;
import io.wipetrace.portal.verify.Answer.Tone;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The rule table against every state the chaincode's lifecycle can leave a device in, with every erasure outcome it can
 * record there (none, ERASED fully or by sample, ERASED_WITH_EXCEPTIONS, NOT_ERASED, and a locked device's wipe, which
 * the chaincode turns into WIPE_FAILED), in both languages.
 */
class AnswerTest {

    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    private static final ResourceBundleMessageSource MESSAGES = new ResourceBundleMessageSource();

    static {
        MESSAGES.setBasename("messages");
        MESSAGES.setDefaultEncoding("UTF-8");
        MESSAGES.setFallbackToSystemLocale(false);
    }

    /** How a wipe went, as the chaincode records it. */
    enum Wipe {
        NONE(null, null, false), FULL("ERASED", "FULL", false), SAMPLED("ERASED", "SAMPLED", false),
        EXCEPTIONS("ERASED_WITH_EXCEPTIONS", "FULL", false), FAILED("NOT_ERASED", "FULL", true),
        LOCKED("ERASED", "FULL", true);

        final String result;
        final String mode;
        final boolean failed;

        Wipe(final String result, final String mode, final boolean failed) {
            this.result = result;
            this.mode = mode;
            this.failed = failed;
        }
    }

    /** How far the device went after the wipe. */
    enum Stage { HELD, DISMANTLED, STORAGE_DESTROYED, SMELTED, REFURBISHED, RESOLD, EXPORTED, EXPORTED_SCRAP }

    static Stream<Arguments> states_and_outcomes() {
        return Stream.of(
                row("COLLECTED", Wipe.NONE, Stage.HELD, "NOT_YET_WIPED", Tone.WAITING, "TRANSPORT"),
                row("IN_TRANSIT", Wipe.NONE, Stage.HELD, "IN_TRANSIT", Tone.WAITING, "WIPE"),
                row("RECEIVED", Wipe.NONE, Stage.HELD, "NOT_YET_WIPED", Tone.WAITING, "WIPE"),
                row("WIPED", Wipe.FULL, Stage.HELD, "ERASED_VERIFIED", Tone.SAFE, "DESTRUCTION_OR_REUSE"),
                row("WIPED", Wipe.SAMPLED, Stage.HELD, "ERASED_SAMPLED", Tone.SAFE, "DESTRUCTION"),
                row("WIPED", Wipe.EXCEPTIONS, Stage.HELD, "ERASED_WITH_EXCEPTIONS", Tone.CAUTION, "DESTRUCTION"),
                row("WIPE_FAILED", Wipe.FAILED, Stage.HELD, "WIPE_FAILED", Tone.FAILED, "DESTRUCTION"),
                row("WIPE_FAILED", Wipe.LOCKED, Stage.HELD, "WIPE_FAILED", Tone.FAILED, "DESTRUCTION"),
                // Offered on in any processing state: the facts, not the transit, decide.
                row("IN_TRANSIT", Wipe.FULL, Stage.HELD, "ERASED_VERIFIED", Tone.SAFE, "DESTRUCTION_OR_REUSE"),
                row("IN_TRANSIT", Wipe.SAMPLED, Stage.HELD, "ERASED_SAMPLED", Tone.SAFE, "DESTRUCTION"),
                row("IN_TRANSIT", Wipe.EXCEPTIONS, Stage.HELD, "ERASED_WITH_EXCEPTIONS", Tone.CAUTION, "DESTRUCTION"),
                row("IN_TRANSIT", Wipe.FAILED, Stage.HELD, "WIPE_FAILED", Tone.FAILED, "DESTRUCTION"),
                row("IN_TRANSIT", Wipe.LOCKED, Stage.DISMANTLED, "WIPE_FAILED", Tone.FAILED, "DESTRUCTION_STORAGE_OUT"),
                row("DISMANTLED", Wipe.FULL, Stage.DISMANTLED, "ERASED_VERIFIED", Tone.SAFE, "DESTRUCTION_STORAGE_OUT"),
                row("DISMANTLED", Wipe.SAMPLED, Stage.DISMANTLED, "ERASED_SAMPLED", Tone.SAFE,
                        "DESTRUCTION_STORAGE_OUT"),
                row("DISMANTLED", Wipe.EXCEPTIONS, Stage.DISMANTLED, "ERASED_WITH_EXCEPTIONS", Tone.CAUTION,
                        "DESTRUCTION_STORAGE_OUT"),
                row("DISMANTLED", Wipe.FAILED, Stage.DISMANTLED, "WIPE_FAILED", Tone.FAILED, "DESTRUCTION_STORAGE_OUT"),
                row("DISMANTLED", Wipe.LOCKED, Stage.DISMANTLED, "WIPE_FAILED", Tone.FAILED, "DESTRUCTION_STORAGE_OUT"),
                row("STORAGE_DESTROYED", Wipe.FULL, Stage.STORAGE_DESTROYED, "STORAGE_DESTROYED", Tone.SAFE, "SMELTING"),
                row("STORAGE_DESTROYED", Wipe.SAMPLED, Stage.STORAGE_DESTROYED, "STORAGE_DESTROYED", Tone.SAFE,
                        "SMELTING"),
                row("STORAGE_DESTROYED", Wipe.EXCEPTIONS, Stage.STORAGE_DESTROYED, "STORAGE_DESTROYED", Tone.SAFE,
                        "SMELTING"),
                row("STORAGE_DESTROYED", Wipe.FAILED, Stage.STORAGE_DESTROYED, "DESTROYED_AFTER_FAILED_WIPE", Tone.SAFE,
                        "SMELTING"),
                row("STORAGE_DESTROYED", Wipe.LOCKED, Stage.STORAGE_DESTROYED, "DESTROYED_AFTER_FAILED_WIPE",
                        Tone.SAFE, "SMELTING"),
                row("IN_TRANSIT", Wipe.FAILED, Stage.STORAGE_DESTROYED, "DESTROYED_AFTER_FAILED_WIPE", Tone.SAFE,
                        "SMELTING"),
                row("SMELTED", Wipe.FULL, Stage.SMELTED, "SMELTED", Tone.SAFE, "NONE"),
                row("SMELTED", Wipe.SAMPLED, Stage.SMELTED, "SMELTED", Tone.SAFE, "NONE"),
                row("SMELTED", Wipe.EXCEPTIONS, Stage.SMELTED, "SMELTED", Tone.SAFE, "NONE"),
                row("SMELTED", Wipe.FAILED, Stage.SMELTED, "SMELTED_AFTER_FAILED_WIPE", Tone.SAFE, "NONE"),
                row("SMELTED", Wipe.LOCKED, Stage.SMELTED, "SMELTED_AFTER_FAILED_WIPE", Tone.SAFE, "NONE"),
                row("REFURBISHED", Wipe.FULL, Stage.REFURBISHED, "REFURBISHED", Tone.SAFE, "NONE"),
                // Left the recycler under the national standard's rules: the sentence names the one it satisfied.
                row("RESOLD", Wipe.FULL, Stage.RESOLD, "RESOLD", Tone.SAFE, "NONE"),
                row("EXPORTED", Wipe.FULL, Stage.EXPORTED, "EXPORTED_AFTER_ERASURE", Tone.SAFE, "NONE"),
                row("EXPORTED", Wipe.FULL, Stage.EXPORTED_SCRAP, "EXPORTED_AS_SCRAP", Tone.SAFE, "NONE"),
                row("EXPORTED", Wipe.FAILED, Stage.EXPORTED_SCRAP, "EXPORTED_AS_SCRAP", Tone.SAFE, "NONE"),
                // Lost in a handover: said first, never as safe, and the regulator follows it up.
                row("MISSING", Wipe.NONE, Stage.HELD, "MISSING", Tone.FAILED, "REGULATOR"),
                row("MISSING", Wipe.FULL, Stage.HELD, "MISSING_AFTER_ERASURE", Tone.CAUTION, "REGULATOR"),
                row("MISSING", Wipe.SAMPLED, Stage.HELD, "MISSING_AFTER_ERASURE", Tone.CAUTION, "REGULATOR"));
    }

    private static Arguments row(final String state, final Wipe wipe, final Stage stage, final String outcome,
            final Tone tone, final String next) {
        return Arguments.of(state, wipe, stage, outcome, tone, next);
    }

    @ParameterizedTest(name = "{0}, wipe {1}, {2}: {3}")
    @MethodSource("states_and_outcomes")
    void decides_the_answer_and_says_it_in_both_languages(final String state, final Wipe wipe, final Stage stage,
            final String outcome, final Tone tone, final String next) {
        final Answer answer = Answer.of(verification(state, wipe, stage));

        assertThat(answer).isEqualTo(new Answer(outcome, tone, next));
        final String zh = MESSAGES.getMessage(answer.sentence(), null, ZH) + MESSAGES.getMessage(answer.nextSentence(),
                null, ZH);
        final String en = MESSAGES.getMessage(answer.sentence(), null, Locale.ENGLISH)
                + MESSAGES.getMessage(answer.nextSentence(), null, Locale.ENGLISH);
        assertThat(zh).as("Chinese, no Latin words").doesNotContainPattern("[A-Za-z]{2,}").containsPattern("\\p{IsHan}");
        assertThat(en).as("English, no Chinese").doesNotContainPattern("\\p{IsHan}").containsPattern("[A-Za-z]{3,}");
        if (stage == Stage.RESOLD || stage == Stage.EXPORTED || stage == Stage.EXPORTED_SCRAP) {
            assertThat(en).contains("national standard").contains("not erased may not");
            assertThat(zh).contains("国家标准").contains("未清除用户数据的产品不得");
            return;
        }
        // A failed wipe is said in so many words, whatever came after it; a success never claims one failed.
        if (wipe.failed) {
            assertThat(zh).contains("清除失败");
            assertThat(en).containsIgnoringCase("wipe failed");
        } else {
            assertThat(zh).doesNotContain("失败");
            assertThat(en).doesNotContainIgnoringCase("failed");
        }
        // Only a green answer may say the data is gone or erased.
        if (tone != Tone.SAFE) {
            assertThat(en).doesNotContain("cannot be recovered").doesNotContain("erased, and");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("every_outcome")
    void every_outcome_and_next_step_has_distinct_sentences_in_both_languages(final String key) {
        for (final Locale locale : List.of(ZH, Locale.ENGLISH)) {
            assertThat(MESSAGES.getMessage(key, null, null, locale)).as(key + " in " + locale).isNotBlank();
        }
        assertThat(MESSAGES.getMessage(key, null, ZH)).isNotEqualTo(MESSAGES.getMessage(key, null, Locale.ENGLISH));
    }

    static Stream<String> every_outcome() {
        return Stream.concat(Answer.OUTCOMES.stream().map(o -> "answer." + o),
                Answer.NEXT_STEPS.stream().map(n -> "answer.next." + n));
    }

    /** The gateway's verification as the portal reads it, for a device with these facts. */
    private static Map<String, Object> verification(final String state, final Wipe wipe, final Stage stage) {
        final Map<String, Object> ledger = Map.of("eventId", "tx4:0");
        final Map<String, Object> v = new java.util.HashMap<>(Map.of("state", state));
        if (wipe != Wipe.NONE) {
            v.put("erasure", Map.of("result", wipe.result, "verification", wipe.mode, "ledger", ledger));
            v.put("timeline", List.of(Map.of("step", "ERASURE_RECORDED", "state", wipe.failed ? "WIPE_FAILED" : "WIPED",
                    "ledger", ledger)));
        }
        final Map<String, Object> destruction = new java.util.HashMap<>();
        destruction.put("status", switch (stage) {
            case HELD -> "NOT_DESTROYED";
            case EXPORTED_SCRAP -> "EXPORTED";
            default -> stage.name();
        });
        if (stage == Stage.RESOLD || stage == Stage.EXPORTED) {
            destruction.put("releaseBasis", "VERIFIED_ERASURE");
        }
        if (stage == Stage.EXPORTED_SCRAP) {
            destruction.put("releaseBasis", "STORAGE_DESTROYED");
        }
        final boolean destroyedPath = stage == Stage.DISMANTLED || stage == Stage.STORAGE_DESTROYED
                || stage == Stage.SMELTED || stage == Stage.EXPORTED_SCRAP;
        if (destroyedPath) {
            destruction.put("dismantledAt", "2026-03-02T08:16:00Z");
        }
        if (destroyedPath && stage != Stage.DISMANTLED) {
            destruction.put("storageDestroyedAt", "2026-03-02T09:16:00Z");
        }
        if (stage == Stage.SMELTED) {
            destruction.put("smeltedAt", "2026-03-03T09:16:00Z");
        }
        v.put("destruction", destruction);
        return v;
    }
}
