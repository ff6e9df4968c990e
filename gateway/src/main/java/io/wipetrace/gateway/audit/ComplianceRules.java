package io.wipetrace.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.proof.PublicForm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requirements of the national standard on erasing information from electronic products (数据安全技术 电子产品信息清除技术要求)
 * that concern a recycler, checked against a device's ledger events: the one place the compliance report and the
 * compliance exceptions take them from. Pure: events in, findings out.
 *
 * <p>A requirement applies to a device when the recycler did the step it governs within the period; the device
 * satisfies it when its events show what the requirement asks. Each finding names the ledger transactions that
 * prove it.
 */
public final class ComplianceRules {

    /** The methods the standard accepts: overwrite (覆写), block erase (块擦除), and CLEAR, which is overwrite. */
    public static final Set<String> ACCEPTED_METHODS = Set.of("OVERWRITE", "BLOCK_ERASE", "CLEAR");

    /** The standard's requirements on a recycler, in the order the report lists them. */
    public enum Clause {
        /**
         * The user is told the scope, method and impact of the erasure and consents before it. Applies to every
         * erasure the recycler recorded; satisfied when a full consent record was on the ledger before it (the
         * collection's, or one recorded later by the custodian, CONSENT_RECORDED) and the erasure names it.
         */
        CONSENT_BEFORE_ERASURE,
        /**
         * No access to, or keeping of, user data without the user's consent. Applies to every device the recycler
         * took custody of; not satisfied when it arrived with a broken seal before it was wiped (possible access), or
         * when a step that reaches user data was recorded on a device collected without consent.
         */
        NO_ACCESS_WITHOUT_CONSENT,
        /** Erasure by overwriting or block erase. Applies to every erasure the recycler recorded. */
        ERASURE_METHOD,
        /**
         * The recycler verifies the erasure before the product is sold again. Applies to every resale; satisfied when
         * the latest erasure before it has result ERASED and FULL verification.
         */
        VERIFIED_BEFORE_RESALE,
        /**
         * A product whose user data was not erased may not be resold nor shipped out of the country. Applies to every
         * resale and export; satisfied by a verified erasure by an accepted method on an unlocked device, or, for
         * an export, by storage destroyed before it.
         */
        NO_RELEASE_UNERASED
    }

    /**
     * One device not satisfying a requirement.
     *
     * @param clause the requirement
     * @param deviceId the device
     * @param productType its product type
     * @param finding what the events show, in words
     * @param transactions the ledger transactions that prove it, oldest first
     */
    public record Finding(Clause clause, String deviceId, String productType, String finding,
            List<String> transactions) {}

    /**
     * What one device's events say for each requirement that applies to it.
     *
     * @param applies the requirements that apply
     * @param findings the requirements it does not satisfy, each with its finding
     * @param returned whether the recycler returned it, unwiped, to its owner in the period (RETURNED_TO_OWNER): such
     *     a device is outside the erasure and release requirements, and the report counts it apart
     */
    public record Outcome(Set<Clause> applies, Map<Clause, Finding> findings, boolean returned) {}

    private ComplianceRules() {}

    /**
     * Checks one device's history.
     *
     * @param events the device's events, oldest first, as the chaincode emitted them
     * @param recycler the recycler's MSP ID
     * @param from the period's start (inclusive)
     * @param to the period's end (exclusive)
     * @return the requirements that apply and the ones not satisfied
     */
    public static Outcome check(final List<JsonNode> events, final String recycler, final Instant from,
            final Instant to) {
        final Set<Clause> applies = new LinkedHashSet<>();
        final Map<Clause, Finding> findings = new EnumMap<>(Clause.class);
        if (events.isEmpty()) {
            return new Outcome(applies, findings, false);
        }
        final JsonNode collected = events.getFirst();
        final String deviceId = collected.path("deviceId").asText();
        final JsonNode collectionDetails = collected.path("details");
        final String productType = collectionDetails.path("productType").asText("PHONE");
        // The consent on record so far: the collection's, until a CONSENT_RECORDED event brings one later.
        JsonNode consent = collectionDetails.path("consent");
        boolean consentRecorded = complete(consent);
        JsonNode consentEvent = collected;
        boolean returned = false;
        final boolean locked = collectionDetails.path("locked").asBoolean(false);

        JsonNode lastErasure = null;
        JsonNode destroyed = null;
        for (final JsonNode event : events) {
            final String type = event.path("type").asText();
            final boolean ours = recycler.equals(event.path("actorMspId").asText()) && within(event, from, to);
            final JsonNode details = event.path("details");
            switch (type) {
                case "CONSENT_RECORDED" -> {
                    if (!consentRecorded && complete(details.path("consent"))) {
                        consent = details.path("consent");
                        consentRecorded = true;
                        consentEvent = event;
                    }
                }
                case "RETURNED_TO_OWNER" -> returned |= ours;
                case "ERASURE_RECORDED" -> {
                    lastErasure = event;
                    if (ours) {
                        final JsonNode record = details.path("erasure");
                        applies.add(Clause.CONSENT_BEFORE_ERASURE);
                        if (!consentRecorded) {
                            findings.putIfAbsent(Clause.CONSENT_BEFORE_ERASURE, finding(Clause.CONSENT_BEFORE_ERASURE,
                                    deviceId, productType, "erased without a consent record at collection",
                                    collected, event));
                        } else if (!record.path("consentReference").asText().equals(consent.path("reference").asText())) {
                            findings.putIfAbsent(Clause.CONSENT_BEFORE_ERASURE, finding(Clause.CONSENT_BEFORE_ERASURE,
                                    deviceId, productType, "the erasure names another consent than the one on record",
                                    consentEvent, event));
                        }
                        applies.add(Clause.ERASURE_METHOD);
                        final String method = record.path("method").asText();
                        if (!ACCEPTED_METHODS.contains(method)) {
                            findings.putIfAbsent(Clause.ERASURE_METHOD, finding(Clause.ERASURE_METHOD, deviceId,
                                    productType, "erased by " + method + ", not overwrite or block erase", event));
                        }
                    }
                    if (!consentRecorded) {
                        accessWithoutConsent(applies, findings, ours, deviceId, productType, collected, event);
                    }
                }
                case "HANDOVER_ACCEPTED" -> {
                    if (ours) {
                        applies.add(Clause.NO_ACCESS_WITHOUT_CONSENT);
                        if (details.path("exceptions").toString().contains("\"SEAL_BROKEN_BEFORE_ERASURE\"")) {
                            findings.putIfAbsent(Clause.NO_ACCESS_WITHOUT_CONSENT, finding(
                                    Clause.NO_ACCESS_WITHOUT_CONSENT, deviceId, productType,
                                    "arrived with a broken seal before it was wiped: possible access to user data",
                                    event));
                        }
                    }
                }
                case "STORAGE_DESTROYED" -> destroyed = event;
                case "REFURBISHED" -> {
                    if (!consentRecorded) {
                        accessWithoutConsent(applies, findings, ours, deviceId, productType, collected, event);
                    }
                }
                case "RESOLD", "EXPORTED" -> {
                    final boolean scrap = "STORAGE_DESTROYED".equals(details.path("basis").asText());
                    if (!consentRecorded && !scrap) {
                        accessWithoutConsent(applies, findings, ours, deviceId, productType, collected, event);
                    }
                    if (!ours) {
                        continue;
                    }
                    final boolean verified = lastErasure != null
                            && "ERASED".equals(lastErasure.path("details").path("erasure").path("result").asText())
                            && "FULL".equals(lastErasure.path("details").path("erasure").path("verification")
                                    .path("mode").asText());
                    if ("RESOLD".equals(type)) {
                        applies.add(Clause.VERIFIED_BEFORE_RESALE);
                        if (!verified) {
                            findings.putIfAbsent(Clause.VERIFIED_BEFORE_RESALE, finding(Clause.VERIFIED_BEFORE_RESALE,
                                    deviceId, productType, "resold without an erasure verified in full",
                                    lastErasure, event));
                        }
                    }
                    applies.add(Clause.NO_RELEASE_UNERASED);
                    final String verb = "RESOLD".equals(type) ? "resold" : "exported";
                    if (scrap) {
                        if (destroyed == null || !"EXPORTED".equals(type)) {
                            findings.putIfAbsent(Clause.NO_RELEASE_UNERASED, finding(Clause.NO_RELEASE_UNERASED,
                                    deviceId, productType, verb + " as scrap without a storage destruction", event));
                        }
                    } else if (!verified || locked || !ACCEPTED_METHODS.contains(
                            lastErasure.path("details").path("erasure").path("method").asText())) {
                        findings.putIfAbsent(Clause.NO_RELEASE_UNERASED, finding(Clause.NO_RELEASE_UNERASED,
                                deviceId, productType, verb + " without a verified erasure by an accepted method",
                                lastErasure, event));
                    }
                }
                default -> { }
            }
        }
        return new Outcome(applies, findings, returned);
    }

    /** A consent record with its reference, scope, method and impact. */
    private static boolean complete(final JsonNode consent) {
        return consent.isObject() && PublicForm.hasText(consent.get("reference"))
                && PublicForm.hasText(consent.get("scope")) && PublicForm.hasText(consent.get("method"))
                && PublicForm.hasText(consent.get("impact"));
    }

    private static void accessWithoutConsent(final Set<Clause> applies, final Map<Clause, Finding> findings,
            final boolean ours, final String deviceId, final String productType, final JsonNode collected,
            final JsonNode event) {
        if (ours) {
            applies.add(Clause.NO_ACCESS_WITHOUT_CONSENT);
            findings.putIfAbsent(Clause.NO_ACCESS_WITHOUT_CONSENT, finding(Clause.NO_ACCESS_WITHOUT_CONSENT, deviceId,
                    productType, event.path("type").asText() + " recorded on a device collected without consent",
                    collected, event));
        }
    }

    private static boolean within(final JsonNode event, final Instant from, final Instant to) {
        final Instant at = Instant.parse(event.path("txTimestamp").asText());
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static Finding finding(final Clause clause, final String deviceId, final String productType,
            final String words, final JsonNode... proofs) {
        final List<String> transactions = new ArrayList<>();
        for (final JsonNode proof : proofs) {
            if (proof != null && !transactions.contains(proof.path("txId").asText())) {
                transactions.add(proof.path("txId").asText());
            }
        }
        return new Finding(clause, deviceId, productType, words, List.copyOf(transactions));
    }
}
