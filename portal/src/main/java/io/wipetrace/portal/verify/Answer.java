package io.wipetrace.portal.verify;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The answer a consumer came for, decided from the ledger's facts by one table: is the phone's data gone, how do we
 * know, and what happens next. The page's top sentence ({@code answer.<outcome>}), its visual state ({@link Tone})
 * and the next step ({@code answer.next.<next>}) all come from here, so a failed wipe can never read as a success.
 *
 * @param outcome what the facts add up to, e.g. {@code WIPE_FAILED}
 * @param tone how the page shows it
 * @param next what happens next
 */
public record Answer(String outcome, Tone tone, String next) {

    /** The answer's visual state. */
    public enum Tone {
        /** The data is gone, verifiably (green, a tick). */
        SAFE,
        /** The wipe left exceptions: most data is gone, some areas may not be (amber, an exclamation mark). */
        CAUTION,
        /** The wipe failed and the storage is not destroyed yet: the data is still there (red, a cross). */
        FAILED,
        /** Nothing has been done to the data yet (neutral, a clock). */
        WAITING
    }

    /**
     * The facts a rule looks at, read from the gateway's verification.
     *
     * @param state the device's state
     * @param erasureResult the latest erasure's result, or {@code null} when none was recorded
     * @param verification FULL or SAMPLED, or {@code null}
     * @param wipeFailed whether the erasure left the device WIPE_FAILED (NOT_ERASED, or a locked device)
     * @param dismantled whether the storage component was taken out
     * @param storageDestroyed whether the storage component was destroyed
     * @param smelted whether the device was smelted
     * @param refurbished whether it was refurbished for reuse
     * @param released RESOLD or EXPORTED once the device left the recycler, else null
     * @param releaseBasis what allowed it to leave: VERIFIED_ERASURE or STORAGE_DESTROYED
     */
    record Facts(String state, String erasureResult, String verification, boolean wipeFailed, boolean dismantled,
            boolean storageDestroyed, boolean smelted, boolean refurbished, String released, String releaseBasis) {

        Facts(final String state, final String erasureResult, final String verification, final boolean wipeFailed,
                final boolean dismantled, final boolean storageDestroyed, final boolean smelted,
                final boolean refurbished) {
            this(state, erasureResult, verification, wipeFailed, dismantled, storageDestroyed, smelted, refurbished,
                    null, null);
        }

        boolean erased(final String result, final String mode) {
            return !wipeFailed && result.equals(erasureResult) && (mode == null || mode.equals(verification));
        }
    }

    private record Rule(Predicate<Facts> when, String outcome, Tone tone, java.util.function.Function<Facts, String> next) {}

    /**
     * First match wins: a missing phone outranks everything (nothing more is recorded of it, and a certificate is
     * never issued for it); destruction outranks erasure, and any erasure outranks where the phone is.
     */
    private static final List<Rule> TABLE = List.of(
            new Rule(f -> "MISSING".equals(f.state()) && f.erased("ERASED", null), "MISSING_AFTER_ERASURE",
                    Tone.CAUTION, f -> "REGULATOR"),
            new Rule(f -> "MISSING".equals(f.state()), "MISSING", Tone.FAILED, f -> "REGULATOR"),
            // Handed back unwiped: nothing was done to the data, and nothing will be; never reads as wiped.
            new Rule(f -> "RETURNED".equals(f.state()), "RETURNED_TO_OWNER", Tone.WAITING, f -> "NONE"),
            // Left the recycler: the national standard allowed it only after a verified erasure or, for scrap shipped
            // abroad, destroyed storage; the sentence names the requirement it satisfied.
            new Rule(f -> "RESOLD".equals(f.released()), "RESOLD", Tone.SAFE, f -> "NONE"),
            new Rule(f -> "EXPORTED".equals(f.released()) && "STORAGE_DESTROYED".equals(f.releaseBasis()),
                    "EXPORTED_AS_SCRAP", Tone.SAFE, f -> "NONE"),
            new Rule(f -> "EXPORTED".equals(f.released()), "EXPORTED_AFTER_ERASURE", Tone.SAFE, f -> "NONE"),
            new Rule(f -> f.refurbished(), "REFURBISHED", Tone.SAFE, f -> "NONE"),
            new Rule(f -> f.smelted() && f.wipeFailed(), "SMELTED_AFTER_FAILED_WIPE", Tone.SAFE, f -> "NONE"),
            new Rule(Facts::smelted, "SMELTED", Tone.SAFE, f -> "NONE"),
            new Rule(f -> f.storageDestroyed() && f.wipeFailed(), "DESTROYED_AFTER_FAILED_WIPE", Tone.SAFE,
                    f -> "SMELTING"),
            new Rule(Facts::storageDestroyed, "STORAGE_DESTROYED", Tone.SAFE, f -> "SMELTING"),
            new Rule(Facts::wipeFailed, "WIPE_FAILED", Tone.FAILED, Answer::destruction),
            new Rule(f -> f.erased("ERASED", "FULL"), "ERASED_VERIFIED", Tone.SAFE, Answer::destructionOrReuse),
            new Rule(f -> f.erased("ERASED", null), "ERASED_SAMPLED", Tone.SAFE, Answer::destruction),
            new Rule(f -> f.erased("ERASED_WITH_EXCEPTIONS", null), "ERASED_WITH_EXCEPTIONS", Tone.CAUTION,
                    Answer::destruction),
            new Rule(f -> "IN_TRANSIT".equals(f.state()), "IN_TRANSIT", Tone.WAITING, f -> "WIPE"),
            new Rule(f -> "COLLECTED".equals(f.state()), "NOT_YET_WIPED", Tone.WAITING, f -> "TRANSPORT"),
            new Rule(f -> true, "NOT_YET_WIPED", Tone.WAITING, f -> "WIPE"));

    /** Every outcome the table can give, each with its sentences in both languages. */
    static final List<String> OUTCOMES = TABLE.stream().map(Rule::outcome).distinct().toList();

    /** Every next step the table can give. */
    static final List<String> NEXT_STEPS = List.of("NONE", "SMELTING", "DESTRUCTION", "DESTRUCTION_STORAGE_OUT",
            "DESTRUCTION_OR_REUSE", "WIPE", "TRANSPORT", "REGULATOR");

    private static String destruction(final Facts facts) {
        return facts.dismantled() ? "DESTRUCTION_STORAGE_OUT" : "DESTRUCTION";
    }

    private static String destructionOrReuse(final Facts facts) {
        return facts.dismantled() ? "DESTRUCTION_STORAGE_OUT" : "DESTRUCTION_OR_REUSE";
    }

    /**
     * @param facts the ledger's facts
     * @return the answer the table gives
     */
    static Answer of(final Facts facts) {
        for (final Rule rule : TABLE) {
            if (rule.when().test(facts)) {
                return new Answer(rule.outcome(), rule.tone(), rule.next().apply(facts));
            }
        }
        throw new IllegalStateException("the last rule matches everything");
    }

    /**
     * @param v the gateway's verification of a device (as the portal reads it: maps and lists)
     * @return the answer for it
     */
    @SuppressWarnings("unchecked")
    public static Answer of(final Map<String, Object> v) {
        final Map<String, Object> erasure = (Map<String, Object>) v.get("erasure");
        final Map<String, Object> destruction = (Map<String, Object>) v.getOrDefault("destruction", Map.of());
        return of(new Facts((String) v.get("state"), erasure == null ? null : (String) erasure.get("result"),
                erasure == null ? null : (String) erasure.get("verification"), wipeFailed(v),
                destruction.get("dismantledAt") != null, destruction.get("storageDestroyedAt") != null,
                destruction.get("smeltedAt") != null, "REFURBISHED".equals(destruction.get("status")),
                "RESOLD".equals(destruction.get("status")) || "EXPORTED".equals(destruction.get("status"))
                        ? (String) destruction.get("status") : null,
                (String) destruction.get("releaseBasis")));
    }

    /**
     * Whether the latest erasure failed: its result is NOT_ERASED, or it left the device WIPE_FAILED (a locked device
     * cannot be wiped, whatever the report says).
     *
     * @param v the gateway's verification
     * @return true for a failed wipe
     */
    @SuppressWarnings("unchecked")
    public static boolean wipeFailed(final Map<String, Object> v) {
        final Map<String, Object> erasure = (Map<String, Object>) v.get("erasure");
        if (erasure == null) {
            return false;
        }
        final Object eventId = erasure.get("ledger") instanceof Map<?, ?> ledger ? ledger.get("eventId") : null;
        final List<Map<String, Object>> timeline = (List<Map<String, Object>>) v.getOrDefault("timeline", List.of());
        return "NOT_ERASED".equals(erasure.get("result")) || timeline.stream()
                .filter(step -> step.get("ledger") instanceof Map<?, ?> ledger
                        && Objects.equals(ledger.get("eventId"), eventId))
                .anyMatch(step -> "WIPE_FAILED".equals(step.get("state")));
    }

    /**
     * @param v the gateway's verification
     * @return the latest erasure's result as the reader should see it (NOT_ERASED for any failed wipe), or null
     */
    @SuppressWarnings("unchecked")
    public static String erasureResult(final Map<String, Object> v) {
        final Map<String, Object> erasure = (Map<String, Object>) v.get("erasure");
        return erasure == null ? null : wipeFailed(v) ? "NOT_ERASED" : (String) erasure.get("result");
    }

    /** @return the message key of the top sentence */
    public String sentence() {
        return "answer." + outcome;
    }

    /** @return the message key of what happens next */
    public String nextSentence() {
        return "answer.next." + next;
    }

    /** @return the tone in lower case, for CSS and tests ({@code data-tone}) */
    public String toneName() {
        return tone.name().toLowerCase(java.util.Locale.ROOT);
    }
}
