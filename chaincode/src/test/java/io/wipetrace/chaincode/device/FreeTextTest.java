package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.device.Scenario.deviceId;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static io.wipetrace.chaincode.testing.OpenedTexts.committedTexts;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.proof.CanonicalJson;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a partner types reaches the ledger's events only as text commitments, so that no public proof bundle (which
 * carries events in their public form) holds it; everything else a partner names is an identifier or a label.
 */
class FreeTextTest {

    private static final List<String> TYPED = List.of("Huawei", "P40 Pro", "all user data", "app checkbox",
            "irreversible", "SF1234567890", "box arrived dented, Li Lei signed", "no paperwork from Wang Fang",
            "RESALE", "ONLINE", "model was mistyped", "P40 Pro+");

    private final Scenario scenario = Scenario.standard();
    private final InMemoryLedger ledger = scenario.ledger;

    @Test
    void every_text_a_partner_types_is_committed_and_absent_from_the_public_form_of_every_event() {
        final String d1 = deviceId(1);
        final String d2 = deviceId(2);
        scenario.collect(d1);
        scenario.collect(d2);
        final String rejected = scenario.offerTo(scenario.collector, scenario.processor, scenario.processorSite, d2);
        ledger.submit(scenario.processor,
                ctx -> scenario.devices.RejectHandover(ctx, rejected, "no paperwork from Wang Fang"));
        final String handover = scenario.offerTo(scenario.collector, scenario.processor, scenario.processorSite, d1);
        ledger.submit(scenario.processor, ctx -> scenario.devices.AcceptHandover(ctx, handover,
                json(map("sealIntact", true, "note", "box arrived dented, Li Lei signed"))));
        scenario.erase(d1, "ERASED", "FULL");
        scenario.refurbish(d1);
        scenario.resell(d1);
        final String collected = scenario.history(d2).get(0).get("eventId").textValue();
        ledger.submit(scenario.collector, ctx -> scenario.devices.CorrectEvent(ctx, json(map("deviceId", d2, "eventId", collected,
                "reason", "model was mistyped", "correction", map("model", "P40 Pro+", "storageGb", 512)))));

        final List<String> committed = new ArrayList<>();
        final Set<String> salts = new HashSet<>();
        for (final String device : List.of(d1, d2)) {
            for (final JsonNode event : scenario.history(device)) {
                assertThat(PublicForm.commitmentsHold(event)).as("commitments of %s hold", event).isTrue();
                final String publicForm = new String(CanonicalJson.bytes(PublicForm.of(event)), StandardCharsets.UTF_8);
                for (final String text : TYPED) {
                    assertThat(publicForm).as("public form of a %s event", event.get("type")).doesNotContain(text);
                }
                committed.addAll(committedTexts(event.toString()));
                event.findValues("salt").forEach(salt -> assertThat(salts.add(salt.asText()))
                        .as("salt %s used once", salt).isTrue());
            }
        }
        assertThat(committed).containsAll(TYPED);
    }

    @Test
    void the_same_text_in_two_transactions_gets_two_salts_so_equal_hashes_link_nothing() {
        scenario.collect(deviceId(1));
        scenario.collect(deviceId(2));

        final JsonNode first = scenario.history(deviceId(1)).get(0).get("details").get("model");
        final JsonNode second = scenario.history(deviceId(2)).get(0).get("details").get("model");

        assertThat(first.get("text").asText()).isEqualTo(second.get("text").asText());
        assertThat(first.get("sha256").asText()).isNotEqualTo(second.get("sha256").asText());
    }

    @Test
    void an_erasure_record_names_people_consent_and_reasons_by_identifiers_only() {
        scenario.driveTo(deviceId(1), io.wipetrace.proof.ledger.DeviceState.RECEIVED);
        for (final Map.Entry<String, Object> free : List.of(
                Map.entry("operator", (Object) "Zhang Wei"),
                Map.entry("witness", (Object) "wang.fang@example.com"),
                Map.entry("consentReference", (Object) "consent of Li Lei"),
                Map.entry("verification", (Object) map("mode", "FULL", "by", "Chen Jie")),
                Map.entry("technique", (Object) "wiped by 张伟"))) {
            final Map<String, Object> erasure = scenario.erasure(deviceId(1), "report-free-" + free.getKey());
            erasure.put(free.getKey(), free.getValue());
            assertCode(ledger.reject(scenario.processor, ctx -> scenario.devices.RecordErasure(ctx,
                    Scenario.signed(erasure, scenario.stationKey))), LedgerError.INVALID_ARGUMENT);
        }
    }

    @Test
    void every_salt_of_a_batch_is_the_hmac_of_its_device_and_path_under_the_transactions_binding() throws Exception {
        final List<Map<String, Object>> collections = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            collections.add(scenario.collection(deviceId(i)));
        }
        ledger.submit(scenario.collector,
                ctx -> scenario.devices.RegisterCollections(ctx, json(map("collections", collections))));

        int checked = 0;
        for (int i = 1; i <= 3; i++) {
            final JsonNode event = scenario.history(deviceId(i)).get(0);
            final byte[] binding = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("binding|" + event.get("txId").asText()).getBytes(StandardCharsets.UTF_8));
            checked += checkSalts(binding, deviceId(i), "", event.get("details"));
        }
        assertThat(checked).as("make and model of each of the three devices, one HMAC reused").isGreaterThanOrEqualTo(6);
    }

    /** Checks every commitment under {@code node} against a fresh HMAC of its path; returns how many it checked. */
    private static int checkSalts(final byte[] binding, final String device, final String path, final JsonNode node)
            throws Exception {
        if (node.isObject() && node.has("salt") && node.has("text")) {
            final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(binding, "HmacSHA256"));
            final String expected = java.util.HexFormat.of().formatHex(mac.doFinal(
                    ("wipetrace.text.v1|" + device + "|" + path).getBytes(StandardCharsets.UTF_8)));
            assertThat(node.get("salt").asText()).as("salt of %s at %s", device, path).isEqualTo(expected);
            return 1;
        }
        int checked = 0;
        if (node.isObject()) {
            for (final Map.Entry<String, JsonNode> member : node.properties()) {
                checked += checkSalts(binding, device, path + "/" + member.getKey(), member.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checked += checkSalts(binding, device, path + "/" + i, node.get(i));
            }
        }
        return checked;
    }
}
