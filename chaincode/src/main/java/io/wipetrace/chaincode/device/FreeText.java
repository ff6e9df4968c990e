package io.wipetrace.chaincode.device;

/**
 * Text a partner typed, to be written into an event as a text commitment (docs/proof-bundle.md, hash rule 6) rather
 * than in clear: {@link Changes} turns it into {@code {"salt","sha256","text"}} when it records the event, so the
 * event's public form (and every public proof bundle) carries only the hash.
 *
 * @param text the text as typed
 */
record FreeText(String text) {

    /** @return the text as a free text, or {@code null} for {@code null} (an absent member stays absent) */
    static FreeText of(final String text) {
        return text == null ? null : new FreeText(text);
    }
}
