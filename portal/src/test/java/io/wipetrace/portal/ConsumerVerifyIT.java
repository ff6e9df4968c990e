package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A consumer on a phone: the receipt's link opens the device's page in Chinese, the browser checks the proof bundle
 * itself and says "verified"; English on request; the timeline is there without JavaScript; axe-core finds no
 * serious or critical violation.
 */
class ConsumerVerifyIT {

    private static TestSystem system;
    private static Api api;
    private static Api.Collected device;

    @BeforeAll
    static void aWipedDeviceWithEveryEventAnchored() throws Exception {
        system = TestSystem.get();
        api = new Api(system);
        device = api.collect();
        api.acceptAsProcessor(api.offerToProcessor(device.deviceId(), "SEAL-" + System.nanoTime()), true);
        api.erase(device.deviceId());
        api.awaitAnchored(device.receiptCode(), 4);
    }

    @Test
    void a_consumer_on_a_phone_sees_the_timeline_in_chinese_and_the_browser_verifies_the_proof() throws Exception {
        try (Browser browser = Browser.phone()) {
            browser.driver.get(system.url("/verify/" + device.receiptCode()));

            assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(browser.driver.findElement(By.id("device-state")).getText()).isEqualTo("已清除数据");
            final List<String> steps = browser.driver.findElements(By.cssSelector("#timeline li")).stream()
                    .map(step -> step.getAttribute("data-step")).toList();
            assertThat(steps).containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "ERASURE_RECORDED");
            assertThat(browser.driver.findElement(By.id("erasure-result")).getText()).isEqualTo("已清除");

            final WebElement status = browser.driver.findElement(By.id("proof-status"));
            browser.waiting(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(status, "data-state",
                    "verified"));
            assertThat(status.getText()).startsWith("已验证");
            final List<String> passed = browser.driver.findElements(By.cssSelector("#proof-checks li.ok")).stream()
                    .map(item -> item.getAttribute("data-check")).toList();
            assertThat(passed).contains("check.path", "check.anchorHash", "check.headPath", "check.signature",
                    "check.chain.deployment", "check.chain.anchored", "check.chain.final", "check.chain.latest");
            assertThat(browser.driver.findElements(By.cssSelector("#proof-checks li.bad"))).isEmpty();
            // A phone: nothing wider than the screen.
            assertThat((Long) browser.driver.executeScript("return document.documentElement.scrollWidth"))
                    .isLessThanOrEqualTo(390L);
            browser.screenshot("consumer-verified-zh");

            assertThat(browser.seriousAccessibilityViolations()).as("axe-core, serious or critical").isEmpty();

            browser.clickAndLoad(browser.driver.findElement(By.id("lang-switch")));
            browser.waiting(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(
                    By.id("proof-status"), "data-state", "verified"));
            assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
            assertThat(browser.driver.findElement(By.id("proof-status")).getText()).startsWith("Verified");
            assertThat(browser.driver.findElement(By.id("device-state")).getText()).isEqualTo("Wiped");
            browser.screenshot("consumer-verified-en");
            assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the English page").isEmpty();
        }
    }

    @Test
    void the_receipt_code_can_be_typed_in_lower_case_without_hyphens_and_the_proof_downloads() throws Exception {
        try (Browser browser = Browser.phone()) {
            browser.driver.get(system.url("/verify"));
            final WebElement code = browser.driver.findElement(By.id("code"));
            code.sendKeys(device.receiptCode().replace("-", "").toLowerCase());
            code.submit();
            browser.waiting(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
            assertThat(browser.driver.findElement(By.id("device-state")).getAttribute("data-state")).isEqualTo("WIPED");
            final String bundle = (String) browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(document.getElementById('download-bundle').href).then(r => r.text()).then(done);""");
            assertThat(Api.JSON.readTree(bundle).path("deviceId").asText()).isEqualTo(device.deviceId());
        }
    }

    @Test
    void an_unknown_code_is_explained_in_words_and_the_typed_code_is_kept() throws Exception {
        try (Browser browser = Browser.phone()) {
            browser.driver.get(system.url("/verify/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"));
            assertThat(browser.driver.findElement(By.id("error")).getText()).contains("没有找到与此查询码对应的手机");
            assertThat(browser.driver.findElement(By.id("code")).getAttribute("value"))
                    .isEqualTo("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG");
            browser.screenshot("consumer-unknown-code");
        }
    }

    @Test
    void the_timeline_reads_without_javascript() throws Exception {
        try (Browser browser = Browser.phoneWithoutJavaScript()) {
            browser.driver.get(system.url("/verify/" + device.receiptCode()));
            assertThat(browser.driver.findElements(By.cssSelector("#timeline li h3")).stream().map(WebElement::getText))
                    .containsExactly("回收", "交接发出", "签收", "数据已清除");
            assertThat(browser.driver.findElement(By.id("proof-status")).getAttribute("data-state")).isEqualTo("nojs");
            assertThat(browser.driver.findElement(By.id("download-bundle")).isDisplayed()).isTrue();
            browser.screenshot("consumer-without-javascript");
        }
    }
}
