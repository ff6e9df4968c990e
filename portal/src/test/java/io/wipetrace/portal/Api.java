package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * Test data made the way partners make it: through the gateway's API with the demo keys of the network, and erasure
 * records signed with a demo wiping station's key, as a station would.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static final String COLLECTOR_SITE = "SITE-COL-SH-01";
    static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";
    static final String SMELTER_SITE = "SITE-SML-QY-01";
    static final String ECDSA_STATION = "STATION-SZ-ECDSA-01";

    private final TestSystem system;
    private final HttpClient http = HttpClient.newHttpClient();

    Api(final TestSystem system) {
        this.system = system;
    }

    /** A collected device: its ID and receipt code. */
    record Collected(String deviceId, String receiptCode) {}

    /** @return the demo API key of an organisation (collector, processor, smelter, regulator) with that role */
    String key(final String organisation, final String role) throws Exception {
        for (JsonNode key : JSON.readTree(system.state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            if (organisation.equals(key.path("organisation").asText()) && role.equals(key.path("role").asText())) {
                return key.path("apiKey").asText();
            }
        }
        throw new AssertionError("no " + role + " key for " + organisation + " in api-keys.json");
    }

    Collected collect() throws Exception {
        return collect(null);
    }

    /** A device collected into a bag ({@code null}: none). */
    Collected collect(final String bagId) throws Exception {
        final JsonNode body = post("collector", "/api/v1/collections", """
                {"make":"Huawei","model":"P30","storageGb":128,"channel":"HOME_PICKUP","siteId":"%s","locked":false,
                 "consent":{"reference":"CONSENT-%s","scope":"all user data","method":"overwrite",
                 "impact":"data cannot be recovered"},"personal":{"imei":"356789012345678"}%s}"""
                .formatted(COLLECTOR_SITE, UUID.randomUUID(), bagId == null ? "" : ",\"bagId\":\"" + bagId + "\""));
        return new Collected(body.path("deviceId").asText(), body.path("receiptCode").asText());
    }

    /** Collects a device whose collection carries no consent record. */
    Collected collectWithoutConsent() throws Exception {
        final JsonNode body = post("collector", "/api/v1/collections", """
                {"make":"Honor","model":"X10","storageGb":128,"channel":"STORE","siteId":"%s","locked":false}"""
                .formatted(COLLECTOR_SITE));
        return new Collected(body.path("deviceId").asText(), body.path("receiptCode").asText());
    }

    /** The processor, as custodian, records the owner's consent after collection. */
    void recordConsent(final String deviceId) throws Exception {
        post("processor", "/api/v1/consents", """
                {"deviceId":"%s","siteId":"%s","reference":"LATER-%s","scope":"all user data",
                 "method":"phone call, recorded","impact":"data cannot be recovered"}"""
                .formatted(deviceId, PROCESSOR_SITE, UUID.randomUUID()));
    }

    /** The processor, as custodian, hands the device back unwiped to its owner. */
    void returnToOwner(final String deviceId) throws Exception {
        post("processor", "/api/v1/returns", """
                {"deviceId":"%s","siteId":"%s","reason":"CONSENT_REFUSED"}""".formatted(deviceId, PROCESSOR_SITE));
    }

    /** Offers the device from the collector to the processor; returns the handover ID. */
    String offerToProcessor(final String deviceId, final String sealId) throws Exception {
        return post("collector", "/api/v1/handovers", """
                {"deviceIds":["%s"],"toMspId":"ProcessorOrgMSP","toSiteId":"%s","sealId":"%s"}"""
                .formatted(deviceId, PROCESSOR_SITE, sealId)).path("handover").path("handoverId").asText();
    }

    void acceptAsProcessor(final String handoverId, final boolean sealIntact) throws Exception {
        post("processor", "/api/v1/handovers/" + handoverId + "/accept", "{\"sealIntact\":" + sealIntact + "}");
    }

    /** Records an erasure of the device, signed by the demo ECDSA station. */
    void erase(final String deviceId) throws Exception {
        erase(deviceId, "ERASED", "FULL");
    }

    /** Records an erasure with a result (ERASED, ERASED_WITH_EXCEPTIONS, NOT_ERASED) and verification mode. */
    void erase(final String deviceId, final String result, final String mode) throws Exception {
        final byte[] report = ("report " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        final ObjectNode record = signedErasure(deviceId, sha256(report), result, mode);
        final String boundary = "----wt" + UUID.randomUUID();
        final String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"record\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + JSON.writeValueAsString(record) + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"report\"; filename=\"report.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + new String(report, StandardCharsets.UTF_8) + "\r\n--" + boundary
                + "--\r\n";
        send("processor", "/api/v1/erasures", "multipart/form-data; boundary=" + boundary, body);
    }

    /** An erasure record as the demo ECDSA station signs it: canonical JSON without the signature. */
    ObjectNode signedErasure(final String deviceId, final String reportSha256) throws Exception {
        return signedErasure(deviceId, reportSha256, "ERASED", "FULL");
    }

    /** The same with a result and verification mode; a result other than ERASED carries the station's reason. */
    ObjectNode signedErasure(final String deviceId, final String reportSha256, final String result,
            final String mode) throws Exception {
        // The consent on record: the collection's, or one recorded later (a CONSENT_RECORDED event).
        String consent = "";
        for (final JsonNode event : get("regulator", "REGULATOR", "/api/v1/audit/devices/" + deviceId).path("ledger")) {
            final String reference = event.path("details").path("consent").path("reference").asText();
            consent = consent.isEmpty() ? reference : consent;
        }
        final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final ObjectNode record = JSON.createObjectNode()
                .put("deviceId", deviceId).put("reportId", "RPT-" + UUID.randomUUID())
                .put("reportSha256", reportSha256).put("method", "PURGE").put("technique", "block erase")
                .put("standard", "GB/T 2027 erasure").put("tool", "WipeBox").put("toolVersion", "4.2.1")
                .put("result", result).put("startedAt", end.minusSeconds(420).toString())
                .put("endedAt", end.toString()).put("siteId", PROCESSOR_SITE).put("operator", "op-7f3a")
                .put("consentReference", consent).put("stationId", ECDSA_STATION);
        if (!"ERASED".equals(result)) {
            record.put("resultReason", "NOT_ERASED".equals(result) ? "CONTROLLER_NO_RESPONSE"
                    : "BAD_BLOCKS_NOT_OVERWRITTEN");
        }
        record.set("verification", JSON.createObjectNode().put("mode", mode).put("by", "op-7f3a"));
        final String pem = Files.readString(system.state.resolve(Path.of("stations", ECDSA_STATION, "private.pem")));
        final PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        final Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(record, Map.class)));
        record.put("signature", Base64.getEncoder().encodeToString(signer.sign()));
        return record;
    }

    /** Refuses a handover as the processor. */
    void rejectAsProcessor(final String handoverId) throws Exception {
        post("processor", "/api/v1/handovers/" + handoverId + "/reject", "{\"reason\":\"waybill does not match\"}");
    }

    void dismantle(final String deviceId) throws Exception {
        post("processor", "/api/v1/dismantlings", """
                {"deviceId":"%s","siteId":"%s","storageComponentCommitment":"%s"}"""
                .formatted(deviceId, PROCESSOR_SITE, sha256(deviceId.getBytes(StandardCharsets.UTF_8))));
    }

    void destroyStorage(final String deviceId) throws Exception {
        post("processor", "/api/v1/storage-destructions", """
                {"deviceId":"%s","siteId":"%s","method":"SHRED","evidenceSha256":"%s"}"""
                .formatted(deviceId, PROCESSOR_SITE, sha256(("video " + deviceId).getBytes(StandardCharsets.UTF_8))));
    }

    void refurbish(final String deviceId) throws Exception {
        post("processor", "/api/v1/refurbishments", """
                {"deviceId":"%s","siteId":"%s","channel":"RESALE"}""".formatted(deviceId, PROCESSOR_SITE));
    }

    /** Hands the device to the smelter, which accepts it and smelts it in a lot of its own. */
    void smelt(final String deviceId) throws Exception {
        final String handover = post("processor", "/api/v1/handovers", """
                {"deviceIds":["%s"],"toMspId":"SmelterOrgMSP","toSiteId":"%s","sealId":"SEAL-%d"}"""
                .formatted(deviceId, SMELTER_SITE, System.nanoTime())).path("handover").path("handoverId").asText();
        post("smelter", "/api/v1/handovers/" + handover + "/accept", "{\"sealIntact\":true}");
        post("smelter", "/api/v1/lots", """
                {"lotId":"LOT-%d","deviceIds":["%s"],"inputCount":1,"inputWeightGrams":180,"outputWeightGrams":40,
                 "siteId":"%s"}""".formatted(System.nanoTime(), deviceId, SMELTER_SITE));
    }

    /** Waits until every event of the device is anchored, so that its proof bundle is complete. */
    void awaitAnchored(final String receiptCode, final int events) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    system.gateway.resolve("/api/v1/verify/" + receiptCode + "/proof-bundle")).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = response.body();
            if (response.statusCode() == 200) {
                final JsonNode bundle = JSON.readTree(response.body());
                if (bundle.path("eventsNotYetAnchored").asInt() == 0 && bundle.path("events").size() >= events) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the device's " + events + " events were not all anchored within 3 minutes: " + last);
    }

    /** Waits until the projection shows the device in a state, so the portal's reads see it. */
    void awaitState(final String deviceId, final String state) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            final JsonNode found = get("regulator", "REGULATOR", "/api/v1/audit/search?q=" + deviceId).path("devices");
            if (found.size() == 1 && state.equals(found.path(0).path("state").asText())) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(deviceId + " did not reach " + state + " in the read model within 60 s");
    }

    JsonNode get(final String organisation, final String role, final String path) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(system.gateway.resolve(path))
                .header("X-Api-Key", key(organisation, role)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(final String organisation, final String path, final String body) throws Exception {
        return send(organisation, path, "application/json", body);
    }

    private JsonNode send(final String organisation, final String path, final String contentType, final String body)
            throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.gateway + path))
                .header("X-Api-Key", key(organisation, "PARTNER")).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
