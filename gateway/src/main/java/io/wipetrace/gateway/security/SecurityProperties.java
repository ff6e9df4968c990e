package io.wipetrace.gateway.security;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code wipetrace.security.*}).
 *
 * @param oauth2 bearer tokens; off unless {@code issuer-uri} is set
 * @param demoKeys demo API keys for a local instance
 * @param metricsToken the bearer token a metrics scraper presents on {@code /actuator/**}; blank: none is accepted
 * @param operatorOrganisation the organisation that runs this gateway: the only one whose keys and tokens may be
 *     ADMIN (see {@link RoleGrants})
 * @param registryCache how long an organisation's registry roles are reused before the ledger is asked again
 * @param apiKeyCache how long a key found active is reused before the database is asked again: how late a revocation
 *     made through another replica takes effect here ({@link ActiveApiKeys}); zero asks on every request
 */
@ConfigurationProperties("wipetrace.security")
public record SecurityProperties(@DefaultValue OAuth2 oauth2, @DefaultValue DemoKeys demoKeys, String metricsToken,
        @DefaultValue("regulator") String operatorOrganisation, @DefaultValue("60s") Duration registryCache,
        @DefaultValue("5s") Duration apiKeyCache) {

    /**
     * OAuth2 resource server.
     *
     * @param issuerUri the token issuer (OpenID discovery); blank turns bearer tokens off
     * @param jwkSetUri the issuer's JWK set, when it differs from discovery's
     * @param organisationClaim the claim holding the organisation key, e.g. {@code collector}
     * @param rolesClaim the claim holding the roles (a list, or one space-separated string)
     */
    public record OAuth2(String issuerUri, String jwkSetUri,
            @DefaultValue("wipetrace_org") String organisationClaim,
            @DefaultValue("wipetrace_roles") String rolesClaim) {

        /** @return whether bearer tokens are accepted */
        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /**
     * Demo keys: one PARTNER (or REGULATOR) key per organisation and one ADMIN key, written once to {@code file}
     * (mode 600) and reused on every start. For local instances only.
     *
     * @param enabled whether to write and register them
     * @param file where, e.g. {@code <state>/gateway/api-keys.json}
     */
    public record DemoKeys(@DefaultValue("false") boolean enabled, Path file) {}
}
