package io.wipetrace.portal.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wipetrace.portal.gateway.GatewayProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteFormTest {

    @Test
    void a_collection_form_becomes_the_gateways_nested_json_with_numbers_and_without_blanks() {
        final Map<String, Object> body = PartnerController.FORMS.get("collections").body(Map.ofEntries(
                Map.entry("make", " Xiaomi "), Map.entry("model", "Redmi 9"), Map.entry("storageGb", "128"),
                Map.entry("channel", "STORE"), Map.entry("siteId", "SITE-COL-SH-01"), Map.entry("bagId", ""),
                Map.entry("consent.reference", "C-1"), Map.entry("consent.scope", "all"),
                Map.entry("consent.method", "overwrite"), Map.entry("consent.impact", "gone"),
                Map.entry("personal.imei", "356789012345678")));

        assertThat(body).containsEntry("make", "Xiaomi").containsEntry("storageGb", 128L)
                .containsEntry("locked", false).doesNotContainKey("bagId")
                .containsEntry("consent", Map.of("reference", "C-1", "scope", "all", "method", "overwrite",
                        "impact", "gone"))
                .containsEntry("personal", Map.of("imei", "356789012345678"));
    }

    @Test
    void a_lot_lists_its_devices_split_on_lines_spaces_and_commas() {
        final Map<String, Object> body = PartnerController.FORMS.get("lots").body(Map.of(
                "lotId", "LOT-1", "deviceIds", "WT1\nWT2, WT3  WT4", "inputCount", "4", "inputWeightGrams", "800",
                "outputWeightGrams", "700", "siteId", "SITE-SML-QY-01"));

        assertThat(body.get("deviceIds")).isEqualTo(List.of("WT1", "WT2", "WT3", "WT4"));
        assertThat(body).containsEntry("outputWeightGrams", 700L);
    }

    @Test
    void a_checked_box_is_true_and_a_number_that_is_not_one_goes_as_typed_for_the_gateway_to_refuse() {
        final Map<String, Object> body = PartnerController.FORMS.get("collections").body(Map.of(
                "locked", "true", "storageGb", "12x"));

        assertThat(body).containsEntry("locked", true).containsEntry("storageGb", "12x");
    }

    @Test
    void a_purge_names_its_device_in_the_path_and_sends_no_body() {
        final WriteForm purge = PartnerController.FORMS.get("purges");

        assertThat(purge.pathValues(Map.of("deviceId", " WT0123 "))).containsExactly("WT0123");
        assertThat(purge.body(Map.of("deviceId", "WT0123"))).isEmpty();
        assertThat(PartnerController.FORMS.get("refurbishments").pathValues(Map.of("deviceId", "WT0123"))).isEmpty();
    }

    @Test
    void a_correction_sends_its_typed_json_object_as_an_object() {
        final Map<String, Object> body = PartnerController.FORMS.get("corrections").body(Map.of(
                "eventId", "abc:0", "reason", "typo", "correction", "{\"storageGb\": 128, \"model\": \"P30\"}"));

        assertThat(body).containsEntry("eventId", "abc:0")
                .containsEntry("correction", Map.of("storageGb", 128, "model", "P30"))
                .doesNotContainKey("deviceId");
    }

    @Test
    void a_correction_names_its_device_when_one_is_typed() {
        final Map<String, Object> body = PartnerController.FORMS.get("corrections").body(Map.of("deviceId",
                " WT0123 ", "eventId", "abc:0", "reason", "typo", "correction", "{\"storageGb\": 128}"));

        assertThat(body).containsEntry("deviceId", "WT0123").containsEntry("eventId", "abc:0");
    }

    @Test
    void a_correction_that_is_no_json_object_of_integers_is_refused_naming_the_field() {
        for (final String typed : List.of("{\"storageGb\": 12.5}", "[1, 2]", "storageGb=128", "{\"a\": {\"b\": 0.1}}")) {
            final GatewayProblem problem = catchThrowableOfType(GatewayProblem.class, () -> PartnerController.FORMS
                    .get("corrections").body(Map.of("eventId", "abc:0", "reason", "r", "correction", typed)));

            assertThat(problem).as(typed).isNotNull();
            assertThat(problem.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(problem.fields()).containsExactly("correction");
        }
    }
}
