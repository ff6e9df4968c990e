package io.wipetrace.portal;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (nothing downloaded): a fresh profile per browser,
 * screenshots kept under {@code target/screenshots}, and axe-core for accessibility.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("wipetrace.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("wipetrace.chromedriver", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(final int width, final int height, final boolean mobile, final boolean javaScript)
            throws IOException {
        profile = Files.createTempDirectory("wipetrace-chromium");
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (mobile) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/130.0 Mobile Safari/537.36"));
        }
        // A phone set to Chinese, as most consumers' are: its Accept-Language asks for zh-CN first.
        final Map<String, Object> prefs = new java.util.HashMap<>(Map.of("intl.accept_languages", "zh-CN,zh"));
        options.addArguments("--lang=zh-CN");
        if (!javaScript) {
            prefs.put("profile.managed_default_content_settings.javascript", 2);
        }
        options.setExperimentalOption("prefs", prefs);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** A phone-sized browser (390 × 844, touch, mobile user agent). */
    static Browser phone() throws IOException {
        return new Browser(390, 844, true, true);
    }

    /** A phone-sized browser with JavaScript turned off. */
    static Browser phoneWithoutJavaScript() throws IOException {
        return new Browser(390, 844, true, false);
    }

    /** A desktop-sized browser. */
    static Browser desktop() throws IOException {
        return new Browser(1280, 900, false, true);
    }

    WebDriverWait waiting(final Duration timeout) {
        // A page that reloads itself (the import page once its job settles) can replace an element between finding it
        // and reading it; the condition is then asked again on the new page.
        final WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * @param by where the element is
     * @param name an attribute's name
     * @return the attribute of the element found there, read again should the page replace the element meanwhile
     */
    String attribute(final By by, final String name) {
        return waiting(Duration.ofSeconds(30)).until(d -> {
            final String value = d.findElement(by).getAttribute(name);
            return value == null ? "" : value;
        });
    }

    /**
     * Clicks something that loads a new page (a submit button, a link) and waits until that page has replaced this
     * one and finished loading: a click returns as soon as it is dispatched, before the server has answered.
     */
    void clickAndLoad(final WebElement target) {
        final WebElement page = driver.findElement(By.tagName("html"));
        target.click();
        // While Chromium swaps the documents, asking about the old page's node can fail with "Node with given id does
        // not belong to the document" instead of reporting it stale; the next try reports it stale.
        waiting(Duration.ofSeconds(60)).ignoring(WebDriverException.class).until(ExpectedConditions.stalenessOf(page));
        waiting(Duration.ofSeconds(60)).until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    /** Saves a screenshot of the viewport as {@code target/screenshots/<name>.png}. */
    Path screenshot(final String name) throws IOException {
        final Path directory = Path.of(System.getProperty("wipetrace.screenshots", "target/screenshots"));
        Files.createDirectories(directory);
        final Path file = directory.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Saves a screenshot of the whole page, beyond the viewport, as {@code target/screenshots/<name>.png}. */
    Path fullPageScreenshot(final String name) throws IOException {
        final Path directory = Path.of(System.getProperty("wipetrace.screenshots", "target/screenshots"));
        Files.createDirectories(directory);
        @SuppressWarnings("unchecked")
        final Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics",
                Map.of()).get("cssContentSize");
        final double width = ((Number) metrics.get("width")).doubleValue();
        final double height = ((Number) metrics.get("height")).doubleValue();
        final Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                        "scale", 1)));
        final Path file = directory.resolve(name + ".png");
        Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    /** Every axe-core rule the current page violates, whatever its impact. */
    List<Rule> accessibilityViolations() {
        return new AxeBuilder().analyze(driver).getViolations();
    }

    /** The axe-core rules the current page violates with serious or critical impact. */
    List<Rule> seriousAccessibilityViolations() {
        final Results results = new AxeBuilder().analyze(driver);
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
