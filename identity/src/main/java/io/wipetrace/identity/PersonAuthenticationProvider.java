package io.wipetrace.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Signs a person in from the sign-in form: user name, password and, for accounts with a second factor, the TOTP code
 * (carried in the authentication's details). The principal of a successful sign-in is the {@link Person}.
 */
final class PersonAuthenticationProvider implements AuthenticationProvider {

    /** The form's details: the request's, plus the code typed. */
    static final class Details extends WebAuthenticationDetails {

        private static final long serialVersionUID = 1L;
        private final transient String code;

        Details(final HttpServletRequest request) {
            super(request);
            this.code = request.getParameter("code");
        }

        String code() {
            return code;
        }
    }

    /** Makes {@link Details} from the sign-in request. */
    static final AuthenticationDetailsSource<HttpServletRequest, Details> DETAILS = Details::new;

    /** Thrown for a locked account: the sign-in page says until when. */
    static final class AccountLocked extends LockedException {

        private static final long serialVersionUID = 1L;
        private final Instant until;

        AccountLocked(final Instant until) {
            super("locked until " + until);
            this.until = until;
        }

        Instant until() {
            return until;
        }
    }

    private final Accounts accounts;

    PersonAuthenticationProvider(final Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(final Authentication authentication) {
        final String code = authentication.getDetails() instanceof Details details ? details.code() : null;
        final Object credentials = authentication.getCredentials();
        final Accounts.Outcome outcome = accounts.signIn(authentication.getName(),
                credentials == null ? null : credentials.toString(), code);
        return switch (outcome) {
            case Accounts.Outcome.SignedIn(Person person) -> {
                final UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(
                        person, null, person.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                                .toList());
                token.setDetails(authentication.getDetails());
                yield token;
            }
            case Accounts.Outcome.Locked(Instant until) -> throw new AccountLocked(until);
            case Accounts.Outcome.Refused() -> throw new BadCredentialsException("wrong user name, password or code");
        };
    }

    @Override
    public boolean supports(final Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
