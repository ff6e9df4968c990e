package io.wipetrace.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated caller: the principal is an {@link ApiPrincipal}, the authorities its roles. */
final class ApiAuthentication extends AbstractAuthenticationToken {

    private final ApiPrincipal principal;

    ApiAuthentication(final ApiPrincipal principal) {
        super(principal.roles().stream().sorted().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public ApiPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.organisation();
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ApiAuthentication that && principal.equals(that.principal);
    }

    @Override
    public int hashCode() {
        return principal.hashCode();
    }

    static List<String> roleNames(final ApiAuthentication authentication) {
        return authentication.principal.roles().stream().sorted().toList();
    }
}
