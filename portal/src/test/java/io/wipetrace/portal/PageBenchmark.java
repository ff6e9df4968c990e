package io.wipetrace.portal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;

/**
 * How fast the consumer's page is on a slow phone network, measured in Chromium (390 px, mobile) with the network
 * throttled through the DevTools protocol ({@code Network.emulateNetworkConditions}: 300 ms round trip, 1.6 Mbit/s
 * down, 750 kbit/s up) for everything the page fetches, the public chain's JSON-RPC included. For each run it reads the
 * first contentful paint and the moment the browser's proof verdict was on screen ({@code performance.mark
 * ('wipetrace-verdict')} in verify.js), first with an empty cache, then as a second view with the cache the first left.
 *
 * <p>Arguments: the portal's URL, a receipt code, runs (default 5), optionally an output directory (outside the clone)
 * that gets the table in {@code page.md}, and a docs directory whose performance.md gets the figures between its
 * {@code page-benchmark} markers, only when asked for ({@code ./wipetrace bench page --update-docs}).
 * Prints figures; asserts nothing.
 */
public final class PageBenchmark {

    private static final String START = "<!-- page-benchmark:start -->";
    private static final String END = "<!-- page-benchmark:end -->";

    private PageBenchmark() {}

    public static void main(final String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PageBenchmark <portal URL> <receipt code> [runs] [output directory]"
                    + " [docs directory to update]");
            System.exit(2);
        }
        final String url = args[0].replaceAll("/$", "") + "/verify/" + args[1];
        final int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        final List<double[]> cold = new ArrayList<>();
        final List<double[]> warm = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Browser browser = Browser.phone()) {
                throttle(browser);
                cold.add(view(browser, url));
                warm.add(view(browser, url));
            }
            System.out.printf(Locale.ROOT, "run %d: first view FCP %.0f ms, verdict %.0f ms; second view FCP %.0f ms,"
                    + " verdict %.0f ms%n", i + 1, cold.getLast()[0], cold.getLast()[1], warm.getLast()[0],
                    warm.getLast()[1]);
        }
        final String table = String.join("\n",
                "| View (%d runs, 300 ms RTT, 1.6 Mbit/s) | First contentful paint: median, worst | Proof verdict on screen: median, worst | Goal |".formatted(runs),
                "|---|---|---|---|",
                row("first view, empty cache", cold),
                row("second view, cached files", warm));
        System.out.println();
        System.out.println(table);
        if (args.length > 3) {
            final Path output = Path.of(args[3], "page.md");
            Files.createDirectories(output.getParent());
            Files.writeString(output, table + "\n", StandardCharsets.UTF_8);
            System.out.println("written to " + output);
        }
        if (args.length > 4) {
            final Path doc = Path.of(args[4], "performance.md");
            final String text = Files.readString(doc, StandardCharsets.UTF_8);
            final int start = text.indexOf(START);
            final int end = text.indexOf(END);
            if (start >= 0 && end > start) {
                Files.writeString(doc, text.substring(0, start + START.length()) + "\n" + table + "\n"
                        + text.substring(end), StandardCharsets.UTF_8);
                System.out.println("written to " + doc);
            }
        }
    }

    private static String row(final String name, final List<double[]> views) {
        return "| %s | %.0f ms, %.0f ms | %.0f ms, %.0f ms | FCP ≤ 1000 ms, verdict ≤ 2000 ms |".formatted(name,
                median(views, 0), worst(views, 0), median(views, 1), worst(views, 1));
    }

    private static void throttle(final Browser browser) {
        browser.driver.executeCdpCommand("Network.enable", Map.of());
        browser.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false,
                "latency", 300, "downloadThroughput", 1_600_000 / 8, "uploadThroughput", 750_000 / 8));
    }

    /** Loads the page and waits for the verdict; returns {first contentful paint, verdict} in ms from navigation. */
    private static double[] view(final Browser browser, final String url) {
        browser.driver.get(url);
        browser.waiting(Duration.ofSeconds(120)).until(d -> !List.of("checking", "nojs").contains(
                d.findElement(By.id("proof-status")).getAttribute("data-state")));
        final Number fcp = (Number) browser.driver.executeScript("const e = performance.getEntriesByName("
                + "'first-contentful-paint')[0]; return e ? e.startTime : -1;");
        final Number verdict = (Number) browser.driver.executeScript("const e = performance.getEntriesByName("
                + "'wipetrace-verdict')[0]; return e ? e.startTime : -1;");
        final String state = browser.driver.findElement(By.id("proof-status")).getAttribute("data-state");
        if (!"verified".equals(state)) {
            System.out.println("  (the verdict was '" + state + "', not 'verified')");
        }
        return new double[] {fcp.doubleValue(), verdict.doubleValue()};
    }

    private static double median(final List<double[]> views, final int index) {
        final List<Double> values = new ArrayList<>(views.stream().map(v -> v[index]).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    private static double worst(final List<double[]> views, final int index) {
        return views.stream().mapToDouble(v -> v[index]).max().orElse(0);
    }
}
