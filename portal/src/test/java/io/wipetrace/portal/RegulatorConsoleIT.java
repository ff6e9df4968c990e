package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A regulator signs in, sees the dashboard's charts, opens an exception (a handover accepted with its seal broken),
 * drills down to the device's full ledger history, and exports the exceptions as CSV.
 */
class RegulatorConsoleIT {

    private static TestSystem system;
    private static Api api;
    private static Api.Collected device;
    private static String handoverId;
    /** A handover accepted with its seal broken for each language's acknowledgement. */
    private static final java.util.Map<String, String> TO_ACKNOWLEDGE = new java.util.HashMap<>();

    @BeforeAll
    static void aHandoverAcceptedWithItsSealBroken() throws Exception {
        system = TestSystem.get();
        api = new Api(system);
        device = api.collect();
        handoverId = api.offerToProcessor(device.deviceId(), "SEAL-" + UUID.randomUUID());
        api.acceptAsProcessor(handoverId, false);
        for (final String language : new String[] {"zh", "en"}) {
            final Api.Collected other = api.collect();
            final String handover = api.offerToProcessor(other.deviceId(), "SEAL-" + UUID.randomUUID());
            api.acceptAsProcessor(handover, false);
            api.awaitState(other.deviceId(), "RECEIVED");
            TO_ACKNOWLEDGE.put(language, handover);
        }
        api.awaitState(device.deviceId(), "RECEIVED");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"zh, 已确认：, 确认记录（1 条）", "en, Acknowledged by, History (1)"})
    void a_regulator_acknowledges_an_exception_and_the_next_page_shows_who_and_when(final String language,
            final String acknowledgedBy, final String history) throws Exception {
        final String handover = TO_ACKNOWLEDGE.get(language);
        final String note = "carrier asked for photos of the seal " + UUID.randomUUID();
        try (Browser browser = Browser.desktop()) {
            browser.driver.get(system.url("/regulator?lang=" + language));
            browser.driver.findElement(By.id("apiKey")).sendKeys(api.key("regulator", "REGULATOR"));
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
            browser.driver.get(system.url("/regulator/exceptions?lang=" + language + "&kind=SEAL_BROKEN"
                    + "&organisation=ProcessorOrgMSP"
                    + "&from=" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1)));
            final By row = By.cssSelector("#exceptions tr[data-subject='" + handover + "']");
            assertThat(browser.driver.findElement(row).getAttribute("data-acknowledged")).isEqualTo("false");
            browser.driver.findElement(row).findElement(By.cssSelector(".ack-form summary")).click();
            browser.driver.findElement(row).findElement(By.tagName("textarea")).sendKeys(note);
            assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the exceptions page").isEmpty();
            browser.clickAndLoad(browser.driver.findElement(row).findElement(By.cssSelector("form button")));

            // The very next page: the same filtered list, the exception still there, acknowledged, with who and when.
            assertThat(browser.driver.getCurrentUrl()).contains("kind=SEAL_BROKEN").contains("organisation=");
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(handover);
            assertThat(browser.driver.findElement(row).getAttribute("data-acknowledged")).isEqualTo("true");
            final com.fasterxml.jackson.databind.JsonNode recorded = api.get("regulator", "REGULATOR",
                    "/api/v1/audit/exceptions/SEAL_BROKEN/" + handover + "/acknowledgements");
            assertThat(recorded).hasSize(1);
            final String actor = recorded.path(0).path("actor").asText();
            final String at = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(
                    java.time.Instant.parse(recorded.path(0).path("at").asText())
                            .atZone(java.time.ZoneId.of("Asia/Shanghai")));
            assertThat(browser.driver.findElement(row).findElement(By.className("ack-latest")).getText())
                    .contains(acknowledgedBy).contains(actor).contains(at);
            final var details = browser.driver.findElement(row).findElement(By.className("ack-history"));
            assertThat(details.findElement(By.tagName("summary")).getText()).isEqualTo(history);
            details.findElement(By.tagName("summary")).click();
            assertThat(details.findElement(By.cssSelector("li[data-actor]")).getText()).contains(note);
            browser.screenshot("regulator-exception-acknowledged-" + language);
        }
    }

    @Test
    void a_regulator_opens_an_exception_drills_down_to_the_device_and_exports_csv() throws Exception {
        try (Browser browser = Browser.desktop()) {
            browser.driver.get(system.url("/regulator"));
            browser.driver.findElement(By.id("apiKey")).sendKeys(api.key("regulator", "REGULATOR"));
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
            assertThat(browser.driver.getCurrentUrl()).endsWith("/regulator");
            assertThat(browser.driver.findElements(By.cssSelector("#chart-by-state rect"))).isNotEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("#chart-flow rect")).size()).isEqualTo(3 * 14);
            assertThat(browser.driver.findElement(By.id("partners")).getText()).contains("处理厂");
            // The processor's figures: erasure outcomes apart, and the share of handovers offered to it it rejected.
            final var processor = browser.driver.findElement(By.cssSelector("#partners tr[data-partner='ProcessorOrgMSP']"));
            assertThat(processor.findElement(By.cssSelector("[data-field=erased]")).getText()).matches("\\d+");
            assertThat(processor.findElement(By.cssSelector("[data-field=not-erased]")).getText()).matches("\\d+");
            assertThat(processor.findElement(By.cssSelector("[data-field=rejection-rate]")).getText())
                    .matches("\\d+/\\d+（\\d+(\\.\\d)?%）");
            browser.screenshot("regulator-dashboard");

            browser.driver.get(system.url("/regulator/exceptions?kind=SEAL_BROKEN"));
            final var row = browser.driver.findElement(By.cssSelector("#exceptions tr[data-subject='" + handoverId + "']"));
            assertThat(row.getText()).contains("到货封签破损");
            browser.screenshot("regulator-exceptions");
            browser.clickAndLoad(row.findElement(By.tagName("a")));

            assertThat(browser.driver.findElement(By.cssSelector("#found-handovers tr[data-handover='" + handoverId
                    + "']")).getText()).contains("破损");
            browser.clickAndLoad(browser.driver.findElement(By.linkText(device.deviceId())));
            browser.waiting(Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("history")).isEmpty());
            assertThat(browser.driver.findElements(By.cssSelector("#history li")).stream()
                    .map(step -> step.getAttribute("data-step")))
                    .containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED");
            assertThat(browser.driver.findElement(By.id("consistency")).getAttribute("data-consistent")).isEqualTo("true");
            assertThat(browser.driver.findElement(By.cssSelector("#summary [data-field=state]")).getText())
                    .contains("已签收");
            // Every fact of every event is named in the reader's language, none by its JSON member.
            final var facts = browser.driver.findElements(By.cssSelector("#history dt[data-path]"));
            assertThat(facts).isNotEmpty();
            for (final var fact : facts) {
                final String path = fact.getAttribute("data-path");
                assertThat(fact.getAttribute("textContent").strip()).as(path)
                        .isNotEqualTo(path.substring(path.lastIndexOf('.') + 1));
            }
            browser.driver.findElements(By.cssSelector("#history details")).forEach(d -> d.click());
            assertThat((Long) browser.driver.executeScript("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo((Long) browser.driver.executeScript("return window.innerWidth"));
            browser.screenshot("regulator-device-history");

            browser.driver.get(system.url("/regulator/exceptions?kind=SEAL_BROKEN"));
            final String csv = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('exceptions-csv').href)
                      .then(r => r.text().then(t => done(r.headers.get('content-type') + '\\n' + t)));""");
            assertThat(csv).startsWith("text/csv");
            assertThat(csv.lines().skip(1).findFirst()).hasValue("kind,subject_type,subject_id,organisation,site_id,"
                    + "since,due_at,detail,acknowledged_at,acknowledged_by,acknowledgement_note");
            assertThat(csv).contains("SEAL_BROKEN,HANDOVER," + handoverId + ",ProcessorOrgMSP");
            assertThat(csv).doesNotContain("COLLECTED_NOT_RECEIVED");
        }
    }

    @Test
    void a_partner_key_does_not_open_the_regulator_console() throws Exception {
        try (Browser browser = Browser.desktop()) {
            browser.driver.get(system.url("/regulator"));
            browser.driver.findElement(By.id("apiKey")).sendKeys(api.key("processor", "PARTNER"));
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
            browser.driver.get(system.url("/regulator/exceptions"));
            assertThat(browser.driver.getCurrentUrl()).contains("/login").contains("wrongRole=true");
            assertThat(browser.driver.findElement(By.cssSelector(".alert")).getText()).contains("另一类密钥");
        }
    }
}
