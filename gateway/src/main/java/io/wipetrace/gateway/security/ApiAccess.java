package io.wipetrace.gateway.security;

import java.util.List;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which part of the API, in one place: the security filter chain enforces these rules, and the OpenAPI
 * description states them on every operation ({@code x-wipetrace-roles}, and no security requirement where the
 * operation is public), so that a client, and the authorisation matrix test, read the same rules the gateway applies.
 *
 * <p>The first rule whose pattern matches a path decides. Within what a role may call, the ledger decides the rest:
 * a partner acts only on its own organisation's records (the chaincode's custody rules), and reads only those.
 */
public final class ApiAccess {

    /**
     * One rule.
     *
     * @param pattern a Spring path pattern ({@code /api/v1/audit/**})
     * @param roles the API roles that may call it; empty for a public path
     */
    public record Rule(String pattern, Set<String> roles) {

        /** @return whether anyone, without credentials, may call it */
        public boolean isPublic() {
            return roles.isEmpty();
        }
    }

    /** The API's rules, most specific first. */
    public static final List<Rule> RULES = List.of(
            new Rule("/api/v1/verify/**", Set.of()),
            new Rule("/api/v1/admin/**", Set.of(Roles.ADMIN)),
            new Rule("/api/v1/audit/**", Set.of(Roles.REGULATOR)),
            new Rule("/api/v1/**", Set.of(Roles.PARTNER, Roles.REGULATOR)));

    private static final List<PathPattern> PATTERNS =
            RULES.stream().map(rule -> PathPatternParser.defaultInstance.parse(rule.pattern())).toList();

    private ApiAccess() {}

    /**
     * @param path a request path, or an OpenAPI path template such as {@code /api/v1/verify/{receiptCode}}
     * @return the rule that decides it, or null for a path outside {@code /api/v1}
     */
    public static Rule ruleFor(final String path) {
        final PathContainer container = PathContainer.parsePath(path);
        for (int i = 0; i < RULES.size(); i++) {
            if (PATTERNS.get(i).matches(container)) {
                return RULES.get(i);
            }
        }
        return null;
    }
}
