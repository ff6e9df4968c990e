package io.wipetrace.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.web.ProblemWriter;
import io.wipetrace.gateway.web.Problems;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what.
 *
 * <ul>
 *   <li>Public: {@code /api/v1/verify/**} (consumers), actuator health (UP or DOWN only) and info, the OpenAPI
 *       description and Swagger UI.
 *   <li>Health details, metrics and prometheus: role REGULATOR or ADMIN, or the metrics scrape token
 *       ({@link MetricsTokenFilter}).
 *   <li>{@code /api/v1/admin/**}: role ADMIN. {@code /api/v1/audit/**}: role REGULATOR.
 *   <li>Every other {@code /api/v1/**}: role PARTNER or REGULATOR (the chaincode decides per transaction what the
 *       caller's organisation may do).
 *   <li>Anything else is denied.
 * </ul>
 *
 * <p>Callers authenticate with {@code X-Api-Key} ({@link ApiKeyAuthenticationFilter}) or, when
 * {@code wipetrace.security.oauth2.issuer-uri} is set, with an OAuth2 bearer token ({@link JwtPrincipalConverter}).
 * Either way the roles must be ones the organisation may hold ({@link RoleGrants}). Stateless: no session, no CSRF
 * token (no cookies are used to authenticate).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(final HttpSecurity http, final ActiveApiKeys keys, final FabricGateways gateways,
            final RoleGrants grants, final ObjectMapper json, final SecurityProperties properties,
            final ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        final ProblemWriter problems = new ProblemWriter(json);
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> apiRules(requests
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        // The second dispatch of an asynchronous response (server-sent events) carries no
                        // credentials; its request was authorised when it arrived.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        // Health is public as UP or DOWN; its details (management.endpoint.health.roles) and the
                        // metrics are for regulators, admins and the metrics scrape token.
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(Roles.REGULATOR, Roles.ADMIN, Roles.METRICS)
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll())
                        .anyRequest().denyAll())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> problems.write(request, response, 401,
                                "UNAUTHENTICATED", "Unauthorized",
                                "send an API key in X-Api-Key (or a bearer token where OAuth2 is configured)"))
                        .accessDeniedHandler((request, response, e) -> problems.write(request, response, 403,
                                "ROLE_FORBIDDEN", "Forbidden", "this key's role may not call this endpoint")))
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, gateways, grants, problems),
                        BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new MetricsTokenFilter(properties.metricsToken()),
                        BearerTokenAuthenticationFilter.class);
        if (properties.oauth2().enabled()) {
            final JwtDecoder decoder = jwtDecoder.getIfAvailable(() -> decoder(properties.oauth2()));
            final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            http.oauth2ResourceServer(oauth2 -> oauth2
                    // On /actuator a bearer token is the metrics token (MetricsTokenFilter), not a JWT.
                    .bearerTokenResolver(request -> MetricsTokenFilter.forOperations(request) ? null
                            : bearer.resolve(request))
                    .jwt(jwt -> jwt.decoder(decoder)
                            .jwtAuthenticationConverter(new JwtPrincipalConverter(properties.oauth2(), gateways,
                                    grants)))
                    .authenticationEntryPoint((request, response, e) -> problems.write(request, response, 401,
                            "TOKEN_INVALID", "Unauthorized", e.getMessage())));
        }
        return http.build();
    }

    /**
     * States {@link ApiAccess}'s rules in the OpenAPI description: every operation under {@code /api/v1} gets
     * {@code x-wipetrace-roles} (the roles that may call it, empty when public); a public one has no security
     * requirement and no 401 or 403 answer.
     */
    @Bean
    OpenApiCustomizer apiAccessInOpenApi() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            final ApiAccess.Rule rule = ApiAccess.ruleFor(path);
            if (rule == null) {
                return;
            }
            item.readOperations().forEach(operation -> {
                operation.addExtension("x-wipetrace-roles", rule.roles().stream().sorted().toList());
                if (rule.isPublic()) {
                    operation.setSecurity(List.of());
                    if (operation.getResponses() != null) {
                        operation.getResponses().remove("401");
                        operation.getResponses().remove("403");
                    }
                }
            });
        });
    }

    /** Adds the API's rules ({@link ApiAccess}), in their order. */
    private static AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry apiRules(
            final AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        for (ApiAccess.Rule rule : ApiAccess.RULES) {
            if (rule.isPublic()) {
                requests.requestMatchers(rule.pattern()).permitAll();
            } else {
                requests.requestMatchers(rule.pattern()).hasAnyRole(rule.roles().toArray(String[]::new));
            }
        }
        return requests;
    }

    /**
     * The firewall's refusals (an encoded {@code /}, {@code ;} path parameters such as {@code ;jsessionid=}, an
     * encoded CR or LF, …) as problems: 400 {@code REQUEST_REJECTED}, or 405 {@code METHOD_NOT_ALLOWED} for a method
     * the API has no use for (TRACE, CONNECT, …).
     */
    @Bean
    RequestRejectedHandler requestRejected(final ObjectMapper json) {
        final ProblemWriter problems = new ProblemWriter(json);
        return (request, response, e) -> {
            if (!API_METHODS.contains(HttpMethod.valueOf(request.getMethod()))) {
                response.setHeader(HttpHeaders.ALLOW, API_METHODS.stream().map(HttpMethod::name)
                        .collect(Collectors.joining(", ")));
                problems.write(request, response, 405, "METHOD_NOT_ALLOWED", "Method Not Allowed",
                        "the API does not answer " + request.getMethod());
                return;
            }
            problems.write(request, response, 400, "REQUEST_REJECTED", "Bad Request", Problems.REJECTED_REQUEST);
        };
    }

    private static final List<HttpMethod> API_METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    /**
     * Which API roles each organisation may hold: ADMIN for the operator organisation only, the others as the
     * ledger's registry says.
     */
    @Bean
    ActiveApiKeys activeApiKeys(final ApiKeyStore keys, final SecurityProperties properties) {
        return new ActiveApiKeys(keys, properties.apiKeyCache(), Clock.systemUTC());
    }

    @Bean
    RoleGrants roleGrants(final OrganisationRoles registry, final SecurityProperties properties) {
        return new RoleGrants(registry, properties.operatorOrganisation());
    }

    /** No user accounts: keeps Spring Boot from generating a default password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }

    private static JwtDecoder decoder(final SecurityProperties.OAuth2 settings) {
        final NimbusJwtDecoder decoder = settings.jwkSetUri() == null || settings.jwkSetUri().isBlank()
                ? NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build()
                : NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuerUri()));
        return decoder;
    }
}
