package io.wipetrace.portal.web;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.servlet.LocaleResolver;

/**
 * People sign in at the identity provider (OpenID Connect, authorization code with PKCE, the portal a confidential
 * client). Once back, the portal asks the gateway who the access token is ({@code /api/v1/me}, which checks its
 * organisation and roles against the registry) and remembers the token as the session's {@link SignIn}; every call
 * to the gateway then carries it as a bearer token, so the gateway knows the person acting.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${wipetrace.portal.sign-in.issuer-uri:}' != ''")
class OpenIdSignIn {

    /** The registration's ID: the redirect path is {@code /login/oauth2/code/wipetrace}. */
    static final String REGISTRATION = "wipetrace";
    private static final Logger LOG = LoggerFactory.getLogger(OpenIdSignIn.class);

    @Bean
    ClientRegistrationRepository clientRegistrations(final SignInProperties properties) {
        final ClientRegistration registration = ClientRegistrations.fromIssuerLocation(properties.issuerUri())
                .registrationId(REGISTRATION)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    @Bean
    OAuth2AuthorizedClientRepository authorizedClients() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /**
     * Authorization requests with a PKCE challenge (S256), which a confidential client does not send by default, and
     * the reader's language as {@code ui_locales}, so the provider's sign-in page speaks it too.
     */
    static OAuth2AuthorizationRequestResolver withPkce(final ClientRegistrationRepository registrations,
            final LocaleResolver languages) {
        final DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(final HttpServletRequest request) {
                return inLanguage(resolver.resolve(request), request);
            }

            @Override
            public OAuth2AuthorizationRequest resolve(final HttpServletRequest request, final String registrationId) {
                return inLanguage(resolver.resolve(request, registrationId), request);
            }

            private OAuth2AuthorizationRequest inLanguage(final OAuth2AuthorizationRequest authorization,
                    final HttpServletRequest request) {
                return authorization == null ? null : OAuth2AuthorizationRequest.from(authorization)
                        .additionalParameters(p -> p.put("ui_locales",
                                languages.resolveLocale(request).toLanguageTag()))
                        .build();
            }
        };
    }

    /** Back from the provider: the gateway names the person's organisation and roles, the session keeps the token. */
    static AuthenticationSuccessHandler signedIn(final GatewayClient gateway,
            final OAuth2AuthorizedClientRepository clients) {
        return (HttpServletRequest request, HttpServletResponse response, Authentication authentication) -> {
            final OAuth2AuthorizedClient client = clients.loadAuthorizedClient(REGISTRATION, authentication, request);
            final String credential = GatewayClient.BEARER + client.getAccessToken().getTokenValue();
            try {
                final Map<String, Object> me = gateway.object(credential, "/api/v1/me");
                @SuppressWarnings("unchecked")
                final List<String> roles = (List<String>) me.get("roles");
                final SignIn signIn = new SignIn(credential, (String) me.get("organisation"),
                        (String) me.get("mspId"), new HashSet<>(roles));
                SignIn.remember(request, signIn);
                response.sendRedirect(request.getContextPath() + (signIn.regulator() ? "/regulator" : "/partner"));
            } catch (GatewayProblem problem) {
                LOG.warn("the gateway refused a person's token: {}", problem.getMessage());
                redirect(response, request, "/login?refused");
            }
        };
    }

    private static void redirect(final HttpServletResponse response, final HttpServletRequest request,
            final String path) throws IOException {
        response.sendRedirect(request.getContextPath() + path);
    }
}
