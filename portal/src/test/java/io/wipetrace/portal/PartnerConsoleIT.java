package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A processing plant's operator signs in with the organisation's key, accepts a handover offered to it and uploads
 * the wiping station's signed erasure record with its report; a wrong report file is refused in words, and the
 * record the operator pasted stays in the form.
 */
class PartnerConsoleIT {

    private static TestSystem system;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        system = TestSystem.get();
        api = new Api(system);
    }

    @Test
    void a_partner_accepts_a_handover_and_uploads_an_erasure_report() throws Exception {
        final Api.Collected device = api.collect();
        final String handoverId = api.offerToProcessor(device.deviceId(), "SEAL-" + UUID.randomUUID());
        api.awaitState(device.deviceId(), "IN_TRANSIT");
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("processor", "PARTNER"));
            assertThat(browser.driver.getCurrentUrl()).endsWith("/partner");

            final WebElement offer = browser.driver.findElement(By.cssSelector("li[data-handover='" + handoverId + "']"));
            assertThat(offer.getText()).contains(device.deviceId());
            browser.screenshot("partner-handover-waiting");
            browser.clickAndLoad(offer.findElement(By.cssSelector("form.accept button")));
            browser.waiting(Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(handoverId);
            assertThat(browser.driver.findElements(By.cssSelector("li[data-handover='" + handoverId + "']"))).isEmpty();
            api.awaitState(device.deviceId(), "RECEIVED");
            browser.driver.get(system.url("/partner?q=" + device.deviceId()));
            assertThat(browser.driver.findElement(By.cssSelector("#custody tr[data-device='" + device.deviceId() + "']"))
                    .getText()).contains("已签收");
            browser.screenshot("partner-handover-accepted");

            final byte[] report = ("erasure report " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            final String record = Api.JSON.writeValueAsString(api.signedErasure(device.deviceId(), Api.sha256(report)));
            final Path wrongFile = Files.createTempFile("wrong-report", ".txt");
            Files.writeString(wrongFile, "not the report the record names");
            uploadErasure(browser, record, wrongFile);
            assertThat(browser.driver.findElement(By.id("error")).getText()).contains("报告文件与记录不符");
            assertThat(browser.driver.findElement(By.id("record")).getAttribute("value")).isEqualTo(record);
            browser.screenshot("partner-erasure-refused");

            final Path reportFile = Files.createTempFile("report", ".txt");
            Files.write(reportFile, report);
            browser.driver.findElement(By.id("report")).sendKeys(reportFile.toString());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-erasures button[type=submit]")));
            browser.waiting(Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(Api.sha256(report));
            browser.screenshot("partner-erasure-recorded");
        }
        api.awaitState(device.deviceId(), "WIPED");
    }

    @Test
    void a_collection_prints_a_receipt_whose_code_opens_the_consumer_page() throws Exception {
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/collections"));
            fill(browser, "make", "OPPO");
            fill(browser, "model", "Reno 8");
            fill(browser, "storageGb", "256");
            fill(browser, "siteId", Api.COLLECTOR_SITE);
            fill(browser, "consent-reference", "CONSENT-" + UUID.randomUUID());
            fill(browser, "consent-scope", "all user data");
            fill(browser, "consent-method", "block erase");
            fill(browser, "consent-impact", "data cannot be recovered");
            fill(browser, "personal-imei", "12345");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-collections button[type=submit]")));
            // An IMEI of five digits: refused, said in words, and everything typed is still there to correct.
            assertThat(browser.driver.findElement(By.id("error")).getText()).isNotBlank();
            assertThat(browser.driver.findElement(By.id("model")).getAttribute("value")).isEqualTo("Reno 8");
            browser.screenshot("partner-collection-refused");
            final WebElement imei = browser.driver.findElement(By.id("personal-imei"));
            assertThat(imei.getAttribute("value")).isEqualTo("12345");
            imei.clear();
            imei.sendKeys("356789012345670");
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-collections button[type=submit]")));
            browser.waiting(Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
                    By.id("receipt-code")));
            final String code = browser.driver.findElement(By.id("receipt-code")).getText();
            assertThat(code).matches("([0-9A-Z]{4}-){6}[0-9A-Z]{4}");
            assertThat(browser.driver.findElement(By.cssSelector("#receipt img")).getAttribute("src"))
                    .startsWith("data:image/png;base64,");
            browser.screenshot("partner-receipt");
            browser.driver.get(system.url("/verify/" + code));
            assertThat(browser.driver.findElement(By.id("device-state")).getAttribute("data-state"))
                    .isEqualTo("COLLECTED");
        }
    }

    static void signIn(final Browser browser, final String key) {
        browser.driver.get(system.url(key.isEmpty() ? "/login" : "/partner"));
        browser.driver.findElement(By.id("apiKey")).sendKeys(key);
        browser.clickAndLoad(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
    }

    private static void fill(final Browser browser, final String id, final String value) {
        browser.driver.findElement(By.id(id)).sendKeys(value);
    }

    private static void uploadErasure(final Browser browser, final String record, final Path report) {
        browser.driver.get(system.url("/partner/erasures"));
        // Set, not typed: a signed record is one long line of JSON.
        browser.driver.executeScript("document.getElementById('record').value = arguments[0]", record);
        browser.driver.findElement(By.id("report")).sendKeys(report.toString());
        browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-erasures button[type=submit]")));
    }
}
