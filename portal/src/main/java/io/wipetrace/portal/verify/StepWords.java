package io.wipetrace.portal.verify;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Puts a timeline step into the reader's words, from the step's facts (codes and identifiers, never the gateway's
 * English description): {@code ${@stepWords.of(v, s)}}. A sentence is a list of {@link Part}s so that the page can set
 * apart what is not ours — registered names, identifiers, a partner's own words — while the sentence around them is
 * wholly in the reader's language.
 */
@Component("stepWords")
public class StepWords {

    /** Marks an argument's place in a formatted message, to split it into parts again. */
    private static final Pattern SLOT = Pattern.compile("\u0001(\\d+)\u0001");

    private final MessageSource messages;

    StepWords(final MessageSource messages) {
        this.messages = messages;
    }

    /**
     * A piece of a sentence.
     *
     * @param kind TEXT (our words), NAME (a registered name of an organisation or site), CODE (an identifier)
     * @param text the text
     */
    public record Part(String kind, String text) {}

    /** A step in words: its heading, its icon, its sentences and any partner's own words shown apart. */
    public record Step(String heading, String icon, String outcome, List<List<Part>> sentences,
            List<Part> where, String partnerWords) {}

    /** @return the step in the reader's language */
    @SuppressWarnings("unchecked")
    public Step of(final Map<String, Object> v, final Map<String, Object> step) {
        final Locale locale = LocaleContextHolder.getLocale();
        final String type = String.valueOf(step.get("step"));
        final Map<String, Object> facts = (Map<String, Object>) step.getOrDefault("facts", Map.of());
        final Part actor = organisation(v, step.get("organisation"), locale);
        final List<List<Part>> sentences = new ArrayList<>();
        String outcome = null;
        String partnerWords = null;
        switch (type) {
            case "COLLECTED" -> {
                sentences.add(sentence(locale, Boolean.FALSE.equals(facts.get("consent"))
                        ? "what.COLLECTED.noConsent" : "what.COLLECTED", actor,
                        text(label("channel.", facts.get("channel"), locale))));
                if (Boolean.TRUE.equals(facts.get("locked"))) {
                    sentences.add(sentence(locale, "what.COLLECTED.locked"));
                }
            }
            case "HANDOVER_OFFERED" -> sentences.add(sentence(locale, "what.HANDOVER_OFFERED", actor,
                    organisation(v, facts.get("toMspId"), locale), site(v, facts.get("toSiteId"), locale)));
            case "HANDOVER_ACCEPTED" -> sentences.add(sentence(locale, Boolean.FALSE.equals(facts.get("sealIntact"))
                    ? "what.HANDOVER_ACCEPTED.sealBroken" : "what.HANDOVER_ACCEPTED", actor,
                    organisation(v, facts.get("fromMspId"), locale)));
            case "HANDOVER_REJECTED" -> sentences.add(sentence(locale, "what.HANDOVER_REJECTED", actor,
                    organisation(v, facts.get("fromMspId"), locale)));
            case "DEVICE_MISSING" -> sentences.add(sentence(locale, "what.DEVICE_MISSING", actor,
                    organisation(v, facts.get("fromMspId"), locale)));
            case "ERASURE_RECORDED" -> {
                // The outcome of this wipe, from the state it left the device in: a locked device is WIPE_FAILED
                // whatever the report says.
                outcome = "WIPE_FAILED".equals(step.get("state")) ? "NOT_ERASED"
                        : String.valueOf(facts.getOrDefault("result", "ERASED"));
                sentences.add(sentence(locale, "what.ERASURE_RECORDED", code(facts.get("stationId")), actor,
                        text(label("erasure.method.", facts.get("method"), locale))));
                sentences.add(sentence(locale, "what.erasure." + outcome,
                        text(label("erasure.verification.", facts.get("verification"), locale))));
                if (facts.get("standard") != null) {
                    sentences.add(sentence(locale, "what.erasure.standard", code(facts.get("standard"))));
                }
                final Object technique = facts.get("technique");
                if (technique != null) {
                    final String known = messages.getMessage("technique." + slug(technique), null, null, locale);
                    if (known != null) {
                        sentences.add(sentence(locale, "what.erasure.technique", text(known)));
                    } else {
                        partnerWords = technique.toString();
                    }
                }
            }
            case "DISMANTLED" -> sentences.add(sentence(locale, "what.DISMANTLED", actor));
            case "STORAGE_DESTROYED" -> sentences.add(sentence(locale, "what.STORAGE_DESTROYED", actor,
                    text(label("destruction.method.", facts.get("method"), locale))));
            case "SMELTED" -> sentences.add(sentence(locale, "what.SMELTED", actor, code(facts.get("lotId"))));
            case "REFURBISHED" -> sentences.add(sentence(locale, "what.REFURBISHED", actor));
            case "RESOLD" -> sentences.add(sentence(locale, "what.RESOLD", actor));
            case "EXPORTED" -> sentences.add(sentence(locale, "STORAGE_DESTROYED".equals(facts.get("basis"))
                    ? "what.EXPORTED.scrap" : "what.EXPORTED", actor, code(facts.get("destinationCountry"))));
            case "PERSONAL_DATA_PURGED" -> sentences.add(sentence(locale, "what.PERSONAL_DATA_PURGED", actor));
            case "CONSENT_RECORDED" -> sentences.add(sentence(locale, "what.CONSENT_RECORDED", actor));
            case "RETURNED_TO_OWNER" -> sentences.add(sentence(locale, "what.RETURNED_TO_OWNER", actor,
                    code(facts.get("reason"))));
            case "CORRECTION" -> sentences.add(sentence(locale, "what.CORRECTION", actor,
                    text(label("step.", facts.get("correctsType"), locale))));
            default -> sentences.add(List.of(text(label("step.", type, locale))));
        }
        if (facts.get("exceptions") instanceof List<?> exceptions) {
            for (final Object exception : exceptions) {
                if (!"DEVICE_LOCKED".equals(exception) || !"COLLECTED".equals(type)) {
                    sentences.add(List.of(text(label("exception.", exception, locale))));
                }
            }
        }
        final String heading = outcome == null ? label("step.", type, locale)
                : label("step.ERASURE_RECORDED.", outcome, locale);
        final String icon = outcome == null ? type : type + "-" + outcome;
        final List<Part> where = new ArrayList<>();
        where.add(actor);
        if (step.get("siteId") != null) {
            where.add(site(v, step.get("siteId"), locale));
        }
        return new Step(heading, icon, outcome, sentences, where, partnerWords);
    }

    /** A registered organisation by its registered name, or its role in words when the registry has no name. */
    @SuppressWarnings("unchecked")
    Part organisation(final Map<String, Object> v, final Object mspId, final Locale locale) {
        final Map<String, Object> names = (Map<String, Object>) v.getOrDefault("organisations", Map.of());
        final Object name = mspId == null ? null : names.get(mspId.toString());
        return name != null ? new Part("NAME", name.toString()) : text(label("org.", mspId, locale));
    }

    @SuppressWarnings("unchecked")
    Part site(final Map<String, Object> v, final Object siteId, final Locale locale) {
        final Map<String, Object> sites = (Map<String, Object>) v.getOrDefault("sites", Map.of());
        if (siteId != null && sites.get(siteId.toString()) instanceof Map<?, ?> site && site.get("name") != null) {
            return new Part("NAME", site.get("name") + (site.get("city") == null ? "" : ", " + site.get("city")));
        }
        return siteId == null ? text("") : code(siteId);
    }

    private List<Part> sentence(final Locale locale, final String key, final Part... args) {
        final Object[] slots = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            slots[i] = "\u0001" + i + "\u0001";
        }
        final String pattern = messages.getMessage(key, null, key, locale);
        final String formatted = new MessageFormat(pattern, locale).format(slots);
        final List<Part> parts = new ArrayList<>();
        final Matcher slot = SLOT.matcher(formatted);
        int at = 0;
        while (slot.find()) {
            if (slot.start() > at) {
                parts.add(text(formatted.substring(at, slot.start())));
            }
            final Part arg = args[Integer.parseInt(slot.group(1))];
            // Our labels stand alone capitalised ("Purge (block erase)"); inside an English sentence they do not.
            parts.add(arg.kind().equals("TEXT") && slot.start() > 0 && "en".equals(locale.getLanguage())
                    ? text(decapitalise(arg.text())) : arg);
            at = slot.end();
        }
        if (at < formatted.length()) {
            parts.add(text(formatted.substring(at)));
        }
        return parts;
    }

    private String label(final String prefix, final Object code, final Locale locale) {
        return code == null ? "" : messages.getMessage(prefix + code, null, code.toString(), locale);
    }

    private static String decapitalise(final String text) {
        return text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))
                ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
    }

    private static Part text(final String text) {
        return new Part("TEXT", text);
    }

    private static Part code(final Object code) {
        return new Part("CODE", code == null ? "" : code.toString());
    }

    /** A free-text technique as a message key: lower case, runs of anything else than letters and digits as '-'. */
    static String slug(final Object text) {
        return text.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
