package io.wipetrace.identity;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The identity provider: people sign in here and the portal receives their tokens. */
@SpringBootApplication
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityApplication {

    /** Starts the provider; {@code account ...} instead runs {@link AccountCommand} and exits with its status. */
    public static void main(final String[] args) {
        if (args.length > 0 && "account".equals(args[0])) {
            System.exit(AccountCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        SpringApplication.run(IdentityApplication.class, args);
    }

    /**
     * The language the client asked for ({@code ui_locales} of the authorization request, kept in the session), else
     * the browser's first of Chinese and English, else Chinese.
     */
    @Bean
    LocaleResolver localeResolver() {
        final AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver();
        browser.setSupportedLocales(List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH));
        browser.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
        final SessionLocaleResolver resolver = new SessionLocaleResolver();
        resolver.setDefaultLocaleFunction(browser::resolveLocale);
        return resolver;
    }

    /** Remembers {@code ui_locales} of an authorization request for the sign-in page that follows. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> uiLocales() {
        final FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(final HttpServletRequest request,
                            final HttpServletResponse response, final FilterChain chain)
                            throws ServletException, IOException {
                        final String asked = request.getParameter("ui_locales");
                        if (asked != null && request.getRequestURI().endsWith("/oauth2/authorize")) {
                            final Locale locale = asked.strip().startsWith("en") ? Locale.ENGLISH
                                    : Locale.SIMPLIFIED_CHINESE;
                            request.getSession().setAttribute(
                                    SessionLocaleResolver.LOCALE_SESSION_ATTRIBUTE_NAME, locale);
                        }
                        chain.doFilter(request, response);
                    }
                });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
