package io.wipetrace.portal.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How people sign in ({@code wipetrace.portal.sign-in.*}).
 *
 * @param issuerUri the OpenID Connect provider (discovery at its {@code /.well-known/openid-configuration}); blank
 *        leaves only the API-key form
 * @param clientId the portal's client ID there
 * @param clientSecret the portal's client secret there
 * @param apiKeys whether the API-key form is offered beside it (machines and tests; off where people sign in)
 */
@ConfigurationProperties("wipetrace.portal.sign-in")
public record SignInProperties(String issuerUri, String clientId, String clientSecret, boolean apiKeys) {

    /** @return whether people sign in at an identity provider */
    public boolean openIdConnect() {
        return issuerUri != null && !issuerUri.isBlank();
    }
}
