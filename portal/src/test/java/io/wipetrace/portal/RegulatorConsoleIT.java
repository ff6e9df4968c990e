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

    @BeforeAll
    static void aHandoverAcceptedWithItsSealBroken() throws Exception {
        system = TestSystem.get();
        api = new Api(system);
        device = api.collect();
        handoverId = api.offerToProcessor(device.deviceId(), "SEAL-" + UUID.randomUUID());
        api.acceptAsProcessor(handoverId, false);
        api.awaitState(device.deviceId(), "RECEIVED");
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
                    + "since,due_at,detail");
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
