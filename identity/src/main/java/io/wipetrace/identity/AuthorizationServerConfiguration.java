package io.wipetrace.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Spring Authorization Server as the alliance's OpenID Connect provider for people: one client (the portal,
 * authorization code with PKCE, confidential), tokens signed with the key under the state directory and carrying
 * {@code wipetrace_org} and {@code wipetrace_roles}, which the gateway maps to its principal.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** Claim names the gateway reads ({@code wipetrace.security.oauth2.*-claim}). */
    static final String ORGANISATION_CLAIM = "wipetrace_org";
    static final String ROLES_CLAIM = "wipetrace_roles";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(final HttpSecurity http) throws Exception {
        final OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signIn(final HttpSecurity http, final Accounts accounts) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/login", "/actuator/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .authenticationProvider(new PersonAuthenticationProvider(accounts))
                .formLogin(f -> f.loginPage("/login").authenticationDetailsSource(PersonAuthenticationProvider.DETAILS)
                        .failureHandler(failure()));
        return http.build();
    }

    /** A lock goes back to {@code /login?locked}, anything else to {@code /login?error}; the page says which. */
    private static SimpleUrlAuthenticationFailureHandler failure() {
        return new SimpleUrlAuthenticationFailureHandler("/login?error") {
            @Override
            public void onAuthenticationFailure(final jakarta.servlet.http.HttpServletRequest request,
                    final jakarta.servlet.http.HttpServletResponse response,
                    final org.springframework.security.core.AuthenticationException exception)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                if (exception instanceof PersonAuthenticationProvider.AccountLocked locked) {
                    request.getSession().setAttribute(LoginController.LOCKED_UNTIL, locked.until());
                    getRedirectStrategy().sendRedirect(request, response, "/login?locked");
                    return;
                }
                super.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    @Bean
    RegisteredClientRepository clients(final IdentityProperties properties, final PasswordEncoder passwords) {
        final IdentityProperties.Portal portal = properties.portal();
        if (portal.clientSecret() == null || portal.clientSecret().isBlank()) {
            throw new IllegalStateException("wipetrace.identity.portal.client-secret is not set");
        }
        final RegisteredClient.Builder client = RegisteredClient.withId(UUID.nameUUIDFromBytes(
                        portal.clientId().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
                .clientId(portal.clientId())
                .clientSecret(passwords.encode(portal.clientSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenLifetime())
                        .build());
        portal.redirectUris().forEach(client::redirectUri);
        portal.postLogoutRedirectUris().forEach(client::postLogoutRedirectUri);
        return new InMemoryRegisteredClientRepository(client.build());
    }

    /** Every token names the person pseudonymously ({@code sub}) with their organisation and roles. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> personClaims() {
        return context -> {
            if (context.getPrincipal().getPrincipal() instanceof Person person) {
                context.getClaims().subject(person.subject())
                        .claim(ORGANISATION_CLAIM, person.organisation())
                        .claim(ROLES_CLAIM, person.roles());
                // The portal greets the person by name; access tokens, which the gateway sees, never carry it.
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    context.getClaims().claim("preferred_username", person.username());
                }
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> signingKeys(final IdentityProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(SigningKey.load(properties.signingKeyFile())));
    }

    @Bean
    AuthorizationServerSettings serverSettings(final IdentityProperties properties) {
        final AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        // Without an issuer set, each request's own URL is the issuer (tests on a random port).
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }
}
