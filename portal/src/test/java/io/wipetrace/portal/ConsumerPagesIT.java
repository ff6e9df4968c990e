package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;

/**
 * Every path the demo walks, made the way partners make it, read on a 390 px phone in Chinese and in English: the
 * plain answer comes first with the right visual state, nothing on the page is in the other language except partners'
 * own words (registered names, identifiers, a station's text), nothing is wider than the screen, a certificate is
 * offered only where one can be issued, and axe-core finds no violation. Full-page screenshots are kept under
 * {@code target/screenshots/consumer-<category>-<language>.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerPagesIT {

    /** A demo category: how the device was made, and what the page must say about it. */
    record Category(String name, String outcome, String tone, boolean certificate) {}

    private static final List<Category> CATEGORIES = List.of(
            new Category("COLLECTED_ONLY", "NOT_YET_WIPED", "waiting", false),
            new Category("OFFER_PENDING", "IN_TRANSIT", "waiting", false),
            new Category("OFFER_REJECTED", "NOT_YET_WIPED", "waiting", false),
            new Category("RECEIVED_NOT_WIPED", "NOT_YET_WIPED", "waiting", false),
            new Category("WIPE_FAILED", "WIPE_FAILED", "failed", false),
            new Category("WIPE_FAILED_DESTROYED", "DESTROYED_AFTER_FAILED_WIPE", "safe", true),
            new Category("REFURBISHED", "REFURBISHED", "safe", true),
            new Category("WIPED_WITH_EXCEPTIONS", "STORAGE_DESTROYED", "safe", true),
            new Category("SEAL_BROKEN_SMELTED", "SMELTED", "safe", true),
            new Category("SMELTED", "SMELTED", "safe", true),
            new Category("CONSENT_LATER", "REFURBISHED", "safe", true),
            new Category("RETURNED", "RETURNED_TO_OWNER", "waiting", false));

    /** Words of Latin letters a Chinese page may hold outside partners' words: the brand and file formats. */
    private static final List<String> LATIN_ALLOWED = List.of("WipeTrace", "PDF", "JSON", "GB", "IMEI");

    /** The text of the page outside partners' words, identifiers, scripts and the language switch. */
    private static final String OUR_TEXT = """
            const out = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              if (n.parentElement.closest('script, style, code, [data-partner], [lang]:not(html), .sprite')) continue;
              out.push(n.textContent);
            }
            return out.join(' ') + ' ' + document.title;""";

    private final Map<String, String> receipts = new LinkedHashMap<>();
    private TestSystem system;

    @BeforeAll
    void one_device_down_each_demo_path() throws Exception {
        system = TestSystem.get();
        final Api api = new Api(system);
        for (Category category : CATEGORIES) {
            final boolean withoutConsent = List.of("CONSENT_LATER", "RETURNED").contains(category.name());
            final Api.Collected device = withoutConsent ? api.collectWithoutConsent() : api.collect();
            final String id = device.deviceId();
            receipts.put(category.name(), device.receiptCode());
            if (category.name().equals("COLLECTED_ONLY")) {
                continue;
            }
            final String offer = api.offerToProcessor(id, "SEAL-" + System.nanoTime());
            switch (category.name()) {
                case "OFFER_PENDING" -> { }
                case "OFFER_REJECTED" -> api.rejectAsProcessor(offer);
                default -> {
                    api.acceptAsProcessor(offer, !category.name().equals("SEAL_BROKEN_SMELTED"));
                    switch (category.name()) {
                        case "RECEIVED_NOT_WIPED" -> { }
                        case "RETURNED" -> api.returnToOwner(id);
                        case "CONSENT_LATER" -> {
                            api.recordConsent(id);
                            api.erase(id, "ERASED", "FULL");
                            api.refurbish(id);
                        }
                        case "WIPE_FAILED" -> api.erase(id, "NOT_ERASED", "FULL");
                        case "WIPE_FAILED_DESTROYED" -> {
                            api.erase(id, "NOT_ERASED", "FULL");
                            api.dismantle(id);
                            api.destroyStorage(id);
                        }
                        case "REFURBISHED" -> {
                            api.erase(id, "ERASED", "FULL");
                            api.refurbish(id);
                        }
                        case "WIPED_WITH_EXCEPTIONS" -> {
                            api.erase(id, "ERASED_WITH_EXCEPTIONS", "SAMPLED");
                            api.dismantle(id);
                            api.destroyStorage(id);
                        }
                        default -> {
                            api.erase(id, "ERASED", "SAMPLED");
                            api.dismantle(id);
                            api.destroyStorage(id);
                            api.smelt(id);
                        }
                    }
                }
            }
        }
        // Every page's proof is ready, so the screenshots show the browser's verdict.
        for (String code : receipts.values()) {
            api.awaitAnchored(code, 1);
        }
    }

    Iterable<Arguments> pages() {
        final List<Arguments> pages = new ArrayList<>();
        for (Category category : CATEGORIES) {
            pages.add(Arguments.of(category, "zh-CN"));
            pages.add(Arguments.of(category, "en"));
        }
        return pages;
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("pages")
    void the_answer_comes_first_wholly_in_the_readers_language_on_a_phone(final Category category,
            final String language) throws Exception {
        try (Browser browser = Browser.phone()) {
            browser.driver.get(system.url("/verify/" + receipts.get(category.name()) + "?lang=" + language));
            // The browser's verdict settles (verified, or why not) before the page is judged.
            browser.waiting(Duration.ofSeconds(60)).until(d -> !List.of("checking", "nojs").contains(
                    d.findElement(By.id("proof-status")).getAttribute("data-state")));

            assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            final var answer = browser.driver.findElement(By.id("answer"));
            assertThat(answer.getAttribute("data-outcome")).isEqualTo(category.outcome());
            assertThat(answer.getAttribute("data-tone")).isEqualTo(category.tone());
            assertThat(browser.driver.findElement(By.id("answer-text")).getText()).isNotBlank();
            // The answer is the first thing under the page's heading.
            assertThat((Boolean) browser.driver.executeScript("return document.querySelector('main h1')"
                    + ".nextElementSibling.id === 'answer'")).isTrue();

            final String text = (String) browser.driver.executeScript(OUR_TEXT);
            if (language.equals("en")) {
                assertThat(text).as("English page, outside partners' words").doesNotContainPattern("\\p{IsHan}");
            } else {
                final List<String> latin = new ArrayList<>();
                for (String word : text.split("[^A-Za-z0-9_-]+")) {
                    if (word.matches("[A-Za-z]{2,}") && !LATIN_ALLOWED.contains(word)) {
                        latin.add(word);
                    }
                }
                assertThat(latin).as("Latin words on the Chinese page, outside partners' words").isEmpty();
            }

            assertThat(browser.driver.findElements(By.id("download-certificate"))).as("certificate link")
                    .hasSize(category.certificate() ? 1 : 0);
            if (category.name().startsWith("WIPE_FAILED")) {
                // The failed wipe is failed everywhere: the step's heading and icon too.
                final var wipe = browser.driver.findElement(By.cssSelector("#timeline li[data-step=ERASURE_RECORDED]"));
                assertThat(wipe.getAttribute("data-outcome")).isEqualTo("NOT_ERASED");
                assertThat(wipe.getAttribute("class")).contains("failed");
                assertThat(wipe.findElement(By.tagName("h3")).getText())
                        .isEqualTo(language.equals("en") ? "Wipe failed" : "数据清除失败");
            }
            if (category.name().equals("RETURNED")) {
                // Returned unwiped, said so truthfully: the answer and the last step, never a wipe.
                assertThat(browser.driver.findElement(By.id("answer-text")).getText()).contains(language.equals("en")
                        ? "returned this device to its owner unwiped" : "未经清除退还给机主");
                assertThat(browser.driver.findElements(By.cssSelector("#timeline li[data-step=ERASURE_RECORDED]")))
                        .isEmpty();
                assertThat(browser.driver.findElement(By.cssSelector("#timeline li[data-step=RETURNED_TO_OWNER]"))
                        .getText()).contains(language.equals("en") ? "unwiped" : "未经清除", "CONSENT_REFUSED");
            }
            if (category.name().equals("CONSENT_LATER")) {
                // The consent came after the collection, and the page says when.
                final var consent = browser.driver.findElement(By.cssSelector("#timeline li[data-step=CONSENT_RECORDED]"));
                assertThat(consent.getText()).contains(language.equals("en") ? "after collection" : "补录");
                assertThat(consent.findElements(By.tagName("time"))).isNotEmpty();
                assertThat(browser.driver.findElement(By.cssSelector("#timeline li[data-step=COLLECTED]")).getText())
                        .contains(language.equals("en") ? "no consent" : "没有记录");
            }
            assertThat((Long) browser.driver.executeScript("return document.documentElement.scrollWidth"))
                    .as("nothing wider than the phone").isLessThanOrEqualTo(390L);
            browser.fullPageScreenshot("consumer-" + category.name() + "-" + language);
            assertThat(browser.accessibilityViolations()).as("axe-core").isEmpty();
        }
    }
}
