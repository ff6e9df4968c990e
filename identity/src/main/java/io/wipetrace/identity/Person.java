package io.wipetrace.identity;

import java.io.Serial;
import java.io.Serializable;
import java.security.Principal;
import java.util.List;

/**
 * A signed-in person as tokens describe them. {@link #getName()} is the pseudonymous subject, so the authorization
 * server writes it as {@code sub}; the user name stays in the identity provider (and the ID token for the portal's
 * greeting), never in access tokens or the gateway's audit trail.
 *
 * @param subject random, stable, e.g. {@code p-abcdefghijklmnopqrstuvwxyz}
 * @param username what they type to sign in
 * @param organisation the organisation they act for (its key in the alliance, e.g. {@code processor})
 * @param roles PARTNER, REGULATOR, ADMIN
 */
public record Person(String subject, String username, String organisation, List<String> roles)
        implements Principal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public Person {
        roles = List.copyOf(roles);
    }

    @Override
    public String getName() {
        return subject;
    }
}
