package io.wipetrace.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * People sign in as themselves in Chromium: the portal sends them to the identity provider (authorization code with
 * PKCE), a regulator gives password and authenticator code and lands on the console, whose pages the gateway serves
 * on the person's bearer token; a clerk who keeps guessing is locked out, the right password included; a clerk's
 * write is recorded under their pseudonymous ID, and the regulator sees who did it.
 */
class PersonSignInIT {

    private static TestSystem system;
    private static JsonNode people;
    private static long lastStepUsed;

    @BeforeAll
    static void theSystemWithItsDemoPeople() throws Exception {
        system = TestSystem.get();
        people = new ObjectMapper().readTree(system.demoAccounts.toFile()).get("accounts");
    }

    @Test
    void a_regulator_signs_in_with_password_and_authenticator_code() throws Exception {
        final JsonNode auditor = person("regulator.auditor");
        try (Browser browser = Browser.desktop()) {
            toProvider(browser, "/regulator");
            assertThat(browser.driver.getCurrentUrl()).startsWith(system.identity.toString());
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("WipeTrace 登录");

            signIn(browser, auditor.get("username").asText(), auditor.get("password").asText(), "");
            assertThat(browser.driver.findElement(By.id("error")).getText()).contains("验证码不正确");

            signIn(browser, auditor.get("username").asText(), auditor.get("password").asText(),
                    freshCode(auditor.get("totpSecret").asText()));
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(system.url("/regulator"));
            // The dashboard's figures came from the gateway, asked with the person's access token.
            assertThat(browser.driver.findElement(By.id("partners")).getText()).contains("处理厂");
            browser.screenshot("person-sign-in-regulator");
        }
    }

    @Test
    void a_clerk_is_locked_out_after_five_wrong_passwords() throws Exception {
        final JsonNode clerk = person("smelter.clerk");
        try (Browser browser = Browser.desktop()) {
            toProvider(browser, "/login?lang=en");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in to WipeTrace");
            for (int attempt = 1; attempt <= 4; attempt++) {
                signIn(browser, clerk.get("username").asText(), "not the password " + attempt, "");
                assertThat(browser.driver.findElement(By.id("error")).getText())
                        .isEqualTo("Wrong user name, password or code.");
            }
            signIn(browser, clerk.get("username").asText(), "not the password 5", "");
            assertThat(browser.driver.findElement(By.id("locked")).getText()).contains("locked until");

            signIn(browser, clerk.get("username").asText(), clerk.get("password").asText(), "");
            assertThat(browser.driver.findElement(By.id("locked")).getText()).contains("locked until");
            assertThat(browser.driver.getCurrentUrl()).startsWith(system.identity.toString());
            browser.screenshot("person-sign-in-locked");
        }
    }

    @Test
    void a_clerks_write_is_recorded_under_their_pseudonymous_id_for_the_regulator() throws Exception {
        final Api api = new Api(system);
        final Api.Collected device = api.collect();
        final String handoverId = api.offerToProcessor(device.deviceId(), "SEAL-" + java.util.UUID.randomUUID());
        final JsonNode clerk = person("processor.clerk");
        try (Browser browser = Browser.desktop()) {
            toProvider(browser, "/login");
            signIn(browser, clerk.get("username").asText(), clerk.get("password").asText(), "");
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(system.url("/partner"));
            final var offer = browser.driver.findElement(By.cssSelector("li[data-handover='" + handoverId + "']"));
            browser.clickAndLoad(offer.findElement(By.cssSelector("form.accept button")));
            assertThat(browser.driver.findElement(By.id("done")).getText()).contains(handoverId);
        }

        final JsonNode auditor = person("regulator.auditor");
        try (Browser browser = Browser.desktop()) {
            toProvider(browser, "/login");
            signIn(browser, auditor.get("username").asText(), auditor.get("password").asText(),
                    freshCode(auditor.get("totpSecret").asText()));
            browser.driver.get(system.url("/regulator/writes?organisation=processor"));
            final var row = browser.driver.findElements(By.cssSelector("#writes tbody tr")).stream()
                    .filter(r -> r.getText().contains(handoverId)).findFirst()
                    .orElseThrow(() -> new AssertionError("the acceptance of " + handoverId + " is not listed"));
            assertThat(row.getAttribute("data-kind")).isEqualTo("PERSON");
            assertThat(row.getAttribute("data-actor")).matches("p-[a-z2-7]{26}")
                    .doesNotContain(clerk.get("username").asText());
            assertThat(row.getText()).contains("人员");
            browser.screenshot("regulator-who-did-what");
        }
    }

    /** Opens a portal page that asks for sign-in and follows its button to the identity provider. */
    private static void toProvider(final Browser browser, final String path) {
        browser.driver.get(system.url(path));
        browser.clickAndLoad(browser.driver.findElement(By.id("sign-in-person")));
    }

    private static void signIn(final Browser browser, final String username, final String password,
            final String code) {
        browser.driver.findElement(By.id("username")).sendKeys(username);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.id("code")).sendKeys(code);
        browser.clickAndLoad(browser.driver.findElement(By.id("sign-in")));
    }

    private static JsonNode person(final String suffix) {
        for (final JsonNode person : people) {
            if (person.get("username").asText().endsWith("." + suffix)) {
                return person;
            }
        }
        throw new AssertionError("no demo person *." + suffix + " in " + system.demoAccounts);
    }

    /**
     * A code of a step no earlier sign-in of this run used: the provider accepts each step's code once, so a second
     * sign-in within the same 30 seconds waits for the next step, as a person would.
     */
    private static synchronized String freshCode(final String base32Secret) throws Exception {
        while (Instant.now().getEpochSecond() / 30 <= lastStepUsed) {
            Thread.sleep(200);
        }
        final Instant now = Instant.now();
        lastStepUsed = now.getEpochSecond() / 30;
        return code(base32Secret, now);
    }

    /** What an authenticator app shows: RFC 6238 with HMAC-SHA1, 30-second steps, six digits. */
    private static String code(final String base32Secret, final Instant now) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        final byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(now.getEpochSecond() / 30).array());
        final int o = h[19] & 0xf;
        final int value = ByteBuffer.wrap(h, o, 4).getInt() & 0x7fffffff;
        return "%06d".formatted(value % 1_000_000);
    }

    private static byte[] base32(final String text) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long buffer = 0;
        int bits = 0;
        for (final char c : text.toCharArray()) {
            buffer = buffer << 5 | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((int) (buffer >> bits) & 0xff);
            }
        }
        return out.toByteArray();
    }
}
