package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.proof.ledger.Crockford;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many visitors verify through the portal at once, each from their own address (named to the portal by the front
 * proxy's X-Forwarded-For, and passed on by the portal to the gateway): one visitor's burst of guessed codes ends in a
 * 429 page that says when to try again, while every other visitor's page and proof bundle are served, however often
 * they reload them.
 */
class FairRateLimitIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int BURST_SENDERS = 4;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void one_visitors_burst_does_not_lock_out_another() throws Exception {
        final TestSystem system = TestSystem.get();
        final Api api = new Api(system);
        final Api.Collected device = api.collect();
        api.awaitAnchored(device.receiptCode(), 1);

        final ExecutorService pool = Executors.newFixedThreadPool(BURST_SENDERS + 8);
        try {
            // The burst: guessed codes from one address, several at a time, until one is limited. The bucket regains
            // its allowance over a period; sent one after another on a slow machine, guesses could arrive no faster
            // than it refills and never be limited, so the burst keeps on (up to ten allowances) until it is.
            final List<HttpResponse<String>> guessed = Collections.synchronizedList(new ArrayList<>());
            final AtomicBoolean limitedYet = new AtomicBoolean();
            final AtomicInteger sent = new AtomicInteger();
            final List<Future<?>> burst = new ArrayList<>();
            for (int s = 0; s < BURST_SENDERS; s++) {
                burst.add(pool.submit(() -> {
                    while (!limitedYet.get() && sent.incrementAndGet() <= 10 * TestSystem.VERIFY_ALLOWANCE) {
                        final HttpResponse<String> answer = get(system, "/verify/" + guess(), "203.0.113.66", "zh-CN");
                        guessed.add(answer);
                        if (answer.statusCode() == 429) {
                            limitedYet.set(true);
                        }
                    }
                    return null;
                }));
            }
            // Everyone else, at the same time: eight visitors, each reloading the page and its proof bundle more
            // times than the allowance (the same code again counts once).
            final List<Future<List<Integer>>> others = new ArrayList<>();
            for (int v = 1; v <= 8; v++) {
                final String visitor = "198.51.100." + v;
                others.add(pool.submit(() -> {
                    final List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < TestSystem.VERIFY_ALLOWANCE / 4 + 5; i++) {
                        statuses.add(get(system, "/verify/" + device.receiptCode(), visitor, "en").statusCode());
                        statuses.add(get(system, "/verify/" + device.receiptCode() + "/proof-bundle", visitor, "en")
                                .statusCode());
                    }
                    return statuses;
                }));
            }

            for (Future<?> sender : burst) {
                sender.get();
            }
            final HttpResponse<String> limited = guessed.stream().filter(r -> r.statusCode() == 429).findFirst()
                    .orElseThrow(() -> new AssertionError("the burst was never limited"));
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertThat(limited.body()).containsPattern("请\\d+ (秒|分钟)后再试");
            assertThat(guessed.stream().filter(r -> r.statusCode() == 404).count())
                    .as("guesses answered before the limit").isGreaterThanOrEqualTo(TestSystem.VERIFY_ALLOWANCE - 5);
            for (Future<List<Integer>> other : others) {
                assertThat(other.get()).as("another visitor's pages and proof bundles").containsOnly(200);
            }
            // And after the burst, another visitor still verifies.
            assertThat(get(system, "/verify/" + device.receiptCode(), "198.51.100.99", "zh-CN").statusCode())
                    .isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpResponse<String> get(final TestSystem system, final String path, final String visitor,
            final String language) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.url(path))).header("X-Forwarded-For", visitor)
                .header("Accept-Language", language).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String guess() {
        final StringBuilder code = new StringBuilder();
        for (int i = 0; i < 28; i++) {
            code.append(i > 0 && i % 4 == 0 ? "-" : "").append(Crockford.digit(RANDOM.nextInt(32)));
        }
        return code.toString();
    }
}
