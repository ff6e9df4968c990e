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
            // Unticked until the operator has looked at the seal.
            offer.findElement(By.cssSelector("form.accept input[name=sealIntact]")).click();
            browser.clickAndLoad(offer.findElement(By.cssSelector("form.accept button")));
            browser.waiting(Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(handoverId);
            assertThat(browser.driver.findElements(By.cssSelector("li[data-handover='" + handoverId + "']"))).isEmpty();
            api.awaitState(device.deviceId(), "RECEIVED");
            browser.driver.get(system.url("/partner?q=" + device.deviceId()));
            assertThat(browser.driver.findElement(By.cssSelector("#custody tr[data-device='" + device.deviceId() + "']"))
                    .getText()).contains("已签收", "手机");
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

    @Test
    void a_collector_imports_a_file_watches_its_progress_and_reads_why_each_bad_row_was_not_recorded() throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final StringBuilder csv = new StringBuilder("make,model,storageGb,channel,siteId,consentReference,consentScope,"
                + "consentMethod,consentImpact,locked\n");
        for (int i = 1; i <= 4; i++) {
            csv.append("Xiaomi,Mi ").append(i).append(",128,STORE,").append(Api.COLLECTOR_SITE)
                    .append(",CONSENT-").append(run).append('-').append(i).append(",all user data,block erase,gone,false\n");
        }
        csv.append("Xiaomi,,128,STORE,").append(Api.COLLECTOR_SITE).append(",CONSENT-").append(run)
                .append("-5,all user data,block erase,gone,false\n");
        csv.append("Xiaomi,Mi 6,99999,STORE,").append(Api.COLLECTOR_SITE).append(",CONSENT-").append(run)
                .append("-6,all user data,block erase,gone,false\n");
        final Path file = Files.createTempFile("collections-" + run, ".csv");
        Files.writeString(file, csv);
        try (Browser browser = Browser.desktop()) {
            signIn(browser, api.key("collector", "PARTNER"));
            browser.driver.get(system.url("/partner/imports"));
            browser.driver.findElement(By.id("file")).sendKeys(file.toString());
            browser.clickAndLoad(browser.driver.findElement(By.cssSelector("#form-imports button[type=submit]")));
            assertThat(browser.driver.getCurrentUrl()).matches(".*/partner/imports/[0-9a-f-]{36}$");
            // The job may settle, and import.js reload the page, before the progress bar is read.
            assertThat(browser.attribute(By.id("import-progress"), "max")).isEqualTo("100");
            browser.screenshot("partner-import-progress");

            // import.js follows the job and reloads the page once every row has settled.
            browser.waiting(Duration.ofSeconds(120)).until(d -> "COMPLETED".equals(
                    d.findElement(By.id("import-job")).getAttribute("data-state"))
                    && !d.findElements(By.id("import-errors")).isEmpty()
                    && "complete".equals(browser.driver.executeScript("return document.readyState")));
            assertThat(browser.driver.findElement(By.id("import-progress")).getAttribute("value")).isEqualTo("100");
            assertThat(browser.driver.findElement(By.id("import-status")).getText())
                    .isEqualTo("导入完成：4 行已记录到账本，2 行未记录，共 6 行。");
            assertThat(browser.driver.findElements(By.cssSelector("#import-errors tbody tr")).stream()
                    .map(row -> row.getAttribute("data-row") + " " + row.getAttribute("data-code")))
                    .containsExactly("5 FIELD_REQUIRED", "6 FIELD_OUT_OF_RANGE");
            assertThat(browser.driver.findElement(By.cssSelector("#import-errors tr[data-row='5']")).getText())
                    .contains("缺少必填项“model”");
            browser.screenshot("partner-import-completed");

            final String results = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('import-results').href).then(r => r.text()).then(done);""");
            assertThat(results.lines().filter(line -> line.contains(",REGISTERED,"))).hasSize(4);
            final String[] registered = results.lines().filter(line -> line.contains(",REGISTERED,")).findFirst()
                    .orElseThrow().split(",");
            final String code = registered[4];
            api.awaitState(registered[3], "COLLECTED");
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
