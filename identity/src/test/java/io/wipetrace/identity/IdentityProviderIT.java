package io.wipetrace.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The identity provider on the test network's PostgreSQL: accounts with Argon2id hashes, TOTP with replay refused,
 * lockout, and the whole authorization code flow with PKCE a browser and the portal go through, down to the tokens'
 * claims checked against the provider's published keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "wipetrace.identity.issuer=",
    "wipetrace.identity.portal.client-secret=" + IdentityProviderIT.CLIENT_SECRET,
    "wipetrace.identity.portal.redirect-uris=" + IdentityProviderIT.REDIRECT_URI,
    "wipetrace.identity.portal.post-logout-redirect-uris=http://127.0.0.1:9/"
})
class IdentityProviderIT {

    static final String CLIENT_SECRET = "integration-test-client-secret";
    static final String REDIRECT_URI = "http://127.0.0.1:9/login/oauth2/code/wipetrace";
    private static final String PASSWORD = "correct horse battery";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;

    @DynamicPropertySource
    static void signingKey(final DynamicPropertyRegistry registry) {
        registry.add("wipetrace.identity.signing-key-file", () -> keys.resolve("signing-key.pem").toString());
    }

    @LocalServerPort
    private int port;

    @Autowired
    private Accounts accounts;

    @Autowired
    private JdbcClient jdbc;

    private static String unique(final String prefix) {
        return prefix + "." + Accounts.newSubject().substring(2, 12);
    }

    @Test
    void stores_passwords_as_argon2id_and_keeps_the_signing_key_to_its_owner() throws IOException {
        final Person person = accounts.create(unique("clerk"), "collector", List.of("PARTNER"), PASSWORD, null);
        final String hash = jdbc.sql("SELECT password_hash FROM identity.account WHERE subject = ?")
                .param(person.subject()).query(String.class).single();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
        assertThat(Files.getPosixFilePermissions(keys.resolve("signing-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void requires_the_current_totp_code_of_a_regulator_once_only() {
        final byte[] secret = Totp.newSecret();
        final String username = unique("auditor");
        accounts.create(username, "regulator", List.of("REGULATOR"), PASSWORD, secret);

        assertThat(accounts.signIn(username, PASSWORD, null)).isInstanceOf(Accounts.Outcome.Refused.class);
        assertThat(accounts.signIn(username, PASSWORD, "000000".equals(Totp.code(secret, Instant.now()))
                ? "111111" : "000000")).isInstanceOf(Accounts.Outcome.Refused.class);
        final String code = Totp.code(secret, Instant.now());
        assertThat(accounts.signIn(username, PASSWORD, code)).isInstanceOf(Accounts.Outcome.SignedIn.class);
        assertThat(accounts.signIn(username, PASSWORD, code)).as("the same code again")
                .isInstanceOf(Accounts.Outcome.Refused.class);
    }

    @Test
    void refuses_a_regulator_without_a_second_factor() {
        final String username = unique("auditor");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                accounts.create(username, "regulator", List.of("REGULATOR"), PASSWORD, null));
        assertThat(accounts.find(username)).isEmpty();
    }

    @Test
    void locks_an_account_after_five_failures_even_against_the_right_password() {
        final String username = unique("clerk");
        accounts.create(username, "processor", List.of("PARTNER"), PASSWORD, null);
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(accounts.signIn(username, "wrong password " + attempt, null)).as("attempt %d", attempt)
                    .isInstanceOf(Accounts.Outcome.Refused.class);
        }
        final Accounts.Outcome fifth = accounts.signIn(username, "wrong password 5", null);
        assertThat(fifth).isInstanceOf(Accounts.Outcome.Locked.class);
        assertThat(((Accounts.Outcome.Locked) fifth).until()).isAfter(Instant.now().plusSeconds(30));
        assertThat(accounts.signIn(username, PASSWORD, null)).isInstanceOf(Accounts.Outcome.Locked.class);
    }

    @Test
    void signs_a_person_in_with_the_authorization_code_flow_and_pkce() throws Exception {
        final byte[] secret = Totp.newSecret();
        final String username = unique("auditor");
        final Person person = accounts.create(username, "regulator", List.of("REGULATOR"), PASSWORD, secret);
        final Browser browser = new Browser();
        final String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        final String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));

        final HttpResponse<String> authorize = browser.get(authorizeUrl(challenge));
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(location(authorize)).endsWith("/login");
        final String form = browser.get(base() + "/login").body();
        final HttpResponse<String> signedIn = browser.post(base() + "/login", Map.of("username", username,
                "password", PASSWORD, "code", Totp.code(secret, Instant.now()), "_csrf", csrf(form)));
        assertThat(location(signedIn)).as("back to the authorization request").contains("/oauth2/authorize");
        final HttpResponse<String> redirected = browser.get(location(signedIn));
        final URI callback = URI.create(location(redirected));
        assertThat(callback.toString()).startsWith(REDIRECT_URI + "?code=").contains("state=the-state");
        final String code = query(callback).get("code");

        final HttpResponse<String> withoutVerifier = token(code, null);
        assertThat(withoutVerifier.statusCode()).as(withoutVerifier.body()).isEqualTo(400);
        // A code is spent once tried; the browser, still signed in, asks for a fresh one.
        final HttpResponse<String> again = browser.get(authorizeUrl(challenge));
        final String secondCode = query(URI.create(location(again))).get("code");
        final HttpResponse<String> tokens = token(secondCode, verifier);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        final JsonNode body = JSON.readTree(tokens.body());

        final NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(base() + "/oauth2/jwks").build();
        final Jwt access = decoder.decode(body.get("access_token").asText());
        assertThat(access.getSubject()).isEqualTo(person.subject()).doesNotContain(username);
        assertThat(access.getClaimAsString("wipetrace_org")).isEqualTo("regulator");
        assertThat(access.getClaimAsStringList("wipetrace_roles")).containsExactly("REGULATOR");
        assertThat(access.getClaims()).doesNotContainKey("preferred_username");
        final Jwt id = decoder.decode(body.get("id_token").asText());
        assertThat(id.getSubject()).isEqualTo(person.subject());
        assertThat(id.getClaimAsString("preferred_username")).isEqualTo(username);
    }

    private String authorizeUrl(final String challenge) {
        return base() + "/oauth2/authorize?response_type=code&client_id=wipetrace-portal&scope=openid&state=the-state"
                + "&redirect_uri=" + encode(REDIRECT_URI) + "&code_challenge=" + challenge
                + "&code_challenge_method=S256";
    }

    private HttpResponse<String> token(final String code, final String verifier) throws Exception {
        final StringBuilder form = new StringBuilder("grant_type=authorization_code&code=" + encode(code)
                + "&redirect_uri=" + encode(REDIRECT_URI));
        if (verifier != null) {
            form.append("&code_verifier=").append(verifier);
        }
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("wipetrace-portal:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String location(final HttpResponse<?> response) {
        assertThat(response).isNotNull();
        return response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
    }

    private static String csrf(final String html) {
        final Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("the sign-in form has a CSRF token").isTrue();
        return m.group(1);
    }

    private static Map<String, String> query(final URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private static String encode(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(final int n) {
        final byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Cookies kept, redirects not followed, so each hop can be looked at. */
    private static final class Browser {

        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(final String url) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(final String url, final Map<String, String> form) throws Exception {
            final String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
            return client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
