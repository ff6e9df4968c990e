package io.wipetrace.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The identity provider's settings ({@code wipetrace.identity.*}).
 *
 * @param issuer the issuer URL tokens name and the gateway trusts, e.g. {@code http://127.0.0.1:7070}
 * @param signingKeyFile the RSA key that signs tokens (PKCS#8 PEM), made on first start with mode 600
 * @param totpKeyFile the AES key that seals TOTP secrets in the database (32 bytes), made on first start, mode 600
 * @param organisations the alliance's organisations an account may belong to (empty: not checked here)
 * @param portal the portal's client registration
 * @param lockout failed sign-ins before a lock, the first lock and the longest
 * @param accessTokenLifetime how long an access token is valid
 * @param demoAccounts one account per organisation for a local instance
 */
@ConfigurationProperties("wipetrace.identity")
public record IdentityProperties(String issuer, Path signingKeyFile, Path totpKeyFile, List<String> organisations,
        Portal portal, Lockout lockout, Duration accessTokenLifetime, DemoAccounts demoAccounts) {

    public IdentityProperties {
        organisations = organisations == null ? List.of() : List.copyOf(organisations);
    }

    /**
     * The portal as an OpenID Connect client: confidential (its secret), authorization code with PKCE only.
     *
     * @param clientId its client ID
     * @param clientSecret its secret (from the environment, never a file in the repository)
     * @param redirectUris where codes may be sent
     * @param postLogoutRedirectUris where a signed-out browser may be sent back
     */
    public record Portal(String clientId, String clientSecret, List<String> redirectUris,
            List<String> postLogoutRedirectUris) {}

    /**
     * @param enabled whether to create them (never in production)
     * @param file where their user names, passwords and TOTP secrets are written, mode 600
     * @param organisations the organisations, each with a PARTNER account (REGULATOR for {@code regulator})
     * @param operatorOrganisation the organisation of the ADMIN account
     * @param usernamePrefix put before each user name (tests: people of their own on a shared database)
     */
    public record DemoAccounts(boolean enabled, Path file, List<String> organisations, String operatorOrganisation,
            String usernamePrefix) {

        public DemoAccounts {
            usernamePrefix = usernamePrefix == null ? "" : usernamePrefix;
        }
    }
}
