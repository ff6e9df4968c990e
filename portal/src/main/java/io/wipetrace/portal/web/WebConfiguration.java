package io.wipetrace.portal.web;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.resource.CssLinkResourceTransformer;
import org.springframework.web.servlet.resource.VersionResourceResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Language: the reader's explicit choice ({@code ?lang=en}, remembered in a cookie), else the first of Chinese (zh-CN)
 * and English their browser asks for ({@code Accept-Language}), else Chinese. Static files: content-hashed names
 * (templates' and modules' links rewritten) cached for a year, so a phone downloads each version once. Security:
 * Spring Security only for what a browser needs (session cookie HttpOnly, CSRF tokens on every form, safe headers);
 * who may see the partner and regulator pages is {@link SignIn}'s job, and what they may do is the gateway's.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final Locale DEFAULT = Locale.SIMPLIFIED_CHINESE;

    @Bean
    LocaleResolver localeResolver() {
        final CookieLocaleResolver resolver = new CookieLocaleResolver("wipetrace-lang");
        resolver.setDefaultLocaleFunction(WebConfiguration::browserLanguage);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    /** The first language the browser asks for that the portal speaks (zh, any region, or en), else Chinese. */
    static Locale browserLanguage(final jakarta.servlet.http.HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return DEFAULT;
        }
        for (final Locale asked : java.util.Collections.list(request.getLocales())) {
            if ("zh".equals(asked.getLanguage())) {
                return DEFAULT;
            }
            if ("en".equals(asked.getLanguage())) {
                return Locale.ENGLISH;
            }
        }
        return DEFAULT;
    }

    @Override
    public void addResourceHandlers(final ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/**").addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"))
                .addTransformer(new CssLinkResourceTransformer())
                .addTransformer(new ModuleImportTransformer());
    }

    @Override
    public void addInterceptors(final InterceptorRegistry registry) {
        final LocaleChangeInterceptor language = new LocaleChangeInterceptor();
        language.setParamName("lang");
        language.setIgnoreInvalidLocale(true);
        registry.addInterceptor(language);
        registry.addInterceptor(new SignIn.Required()).addPathPatterns("/partner/**", "/regulator/**");
    }

    @Bean
    SecurityFilterChain portalSecurity(final HttpSecurity http, final InlineStyle style,
            final org.springframework.beans.factory.ObjectProvider<
                    org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> registrations,
            final org.springframework.beans.factory.ObjectProvider<
                    org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository> clients,
            final io.wipetrace.portal.gateway.GatewayClient gateway) throws Exception {
        // People sign in at the identity provider when one is configured (OpenIdSignIn); the pages stay open to
        // Spring Security, SignIn.Required guards them.
        registrations.ifAvailable(repository -> {
            try {
                http.oauth2Login(login -> login.loginPage("/login")
                        .clientRegistrationRepository(repository)
                        .authorizedClientRepository(clients.getObject())
                        .authorizationEndpoint(a -> a.authorizationRequestResolver(
                                OpenIdSignIn.withPkce(repository, localeResolver())))
                        .successHandler(OpenIdSignIn.signedIn(gateway, clients.getObject()))
                        .failureUrl("/login?refused"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up the OpenID Connect sign-in", e);
            }
        });
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers
                        .referrerPolicy(policy -> policy.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
                                + " connect-src 'self' http: https:; style-src 'self' " + style.cspSource() + "; script-src 'self';"
                                + " frame-ancestors 'none'; form-action 'self'")))
                .build();
    }
}
