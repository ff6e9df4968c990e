package io.wipetrace.portal.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The sentences the in-browser proof check shows, in the page's language, as JSON embedded in the page. */
@Component
class ProofMessages {

    /** The rules' codes that reject a bundle (docs/proof-bundle.md), each with a sentence under proof.reason.*. */
    static final List<String> REJECTIONS = List.of("BUNDLE_MALFORMED", "WRONG_CHAIN", "WRONG_CONTRACT", "ANCHOR_ROOT",
            "ANCHOR_HASH", "ANCHOR_MISSING", "EVENT_PATH", "EVENT_LEDGER", "EVENT_DEVICE", "EVENT_ORDER",
            "EVENT_SEQUENCE", "EVENT_CHAIN", "HEAD_PATH", "HEAD_MISMATCH", "STATION_UNPROVEN", "STATION_HEAD",
            "STATION_NOT_VALID", "SIGNATURE_INVALID", "TRUST_MISMATCH", "ANCHOR_NOT_ON_CHAIN", "ANCHOR_NOT_FINAL", "STALE_BUNDLE");

    static final List<String> KEYS = java.util.stream.Stream.of(
            List.of("checking", "verified", "offline", "failed", "stale", "changed", "unavailable", "noWebCrypto",
                    "notChecked.CHAIN_UNREACHABLE", "notChecked.CHAIN_RATE_LIMITED",
                    "notChecked.TRUST_NOT_CONFIGURED", "by.chain", "by.browser", "notYetAnchored",
                    "summary.state", "summary.erasure", "summary.destruction", "summary.smelting", "rateLimited",
                    "chainLine", "wait.seconds", "wait.minutes"),
            List.of("format", "chainId", "contract", "anchorRoot", "anchorHash", "anchors", "path", "ledger", "device",
                    "order", "sequence", "eventChain", "headPath", "head", "station", "stationHead", "stationValid", "signature",
                    "signature.none", "chain.id", "chain.deployment", "chain.anchored", "chain.final", "chain.latest")
                    .stream().map(check -> "check." + check).toList(),
            REJECTIONS.stream().map(code -> "reason." + code).toList())
            .flatMap(List::stream).toList();

    private final MessageSource messages;
    private final ObjectMapper json;

    ProofMessages(final MessageSource messages, final ObjectMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** Codes the script names in the reader's words: the checked records' state, erasure and destruction. */
    static final List<String> LABELS = java.util.stream.Stream.of(
            Stream.of("COLLECTED", "IN_TRANSIT", "RECEIVED", "WIPED", "WIPE_FAILED", "DISMANTLED",
                    "STORAGE_DESTROYED", "SMELTED", "REFURBISHED", "RESOLD", "EXPORTED", "MISSING", "RETURNED")
                    .map(code -> "state." + code),
            Stream.of("OVERWRITE", "BLOCK_ERASE", "CLEAR", "PURGE", "DESTRUCT").map(code -> "erasure.method." + code),
            Stream.of("ERASED", "ERASED_WITH_EXCEPTIONS", "NOT_ERASED").map(code -> "erasure.result." + code),
            Stream.of("FULL", "SAMPLED").map(code -> "erasure.verification." + code),
            Stream.of("SHRED", "DEGAUSS", "CRUSH").map(code -> "destruction.method." + code))
            .flatMap(s -> s).toList();

    /** @return {key: sentence} for every key the script uses, safe to embed in a script element */
    String json(final Locale locale) throws JsonProcessingException {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String key : KEYS) {
            out.put(key, messages.getMessage("proof." + key, null, locale));
        }
        for (final String key : LABELS) {
            out.put("label." + key, messages.getMessage(key, null, locale));
        }
        return json.writeValueAsString(out).replace("</", "<\\/");
    }
}
