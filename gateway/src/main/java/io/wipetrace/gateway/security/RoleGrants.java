package io.wipetrace.gateway.security;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Which API roles an organisation may hold, for API keys and bearer tokens alike.
 *
 * <ul>
 *   <li>{@link Roles#ADMIN}: only the gateway's operator, {@code wipetrace.security.operator-organisation}.
 *   <li>{@link Roles#REGULATOR}: only an organisation holding REGULATOR in the ledger's registry.
 *   <li>{@link Roles#PARTNER}: only an organisation holding a partner role there ({@link #PARTNER_ROLES}).
 * </ul>
 *
 * <p>ADMIN is decided without the ledger, so that keys can be managed while the registry cannot be read.
 */
public final class RoleGrants {

    /** The problem code of a role its organisation may not hold. */
    public static final String NOT_HELD = "ROLE_NOT_HELD_BY_ORGANISATION";

    /** The registry roles that make an organisation a partner. */
    static final Set<String> PARTNER_ROLES = Set.of("COLLECTOR", "PROCESSOR", "SMELTER", "LOGISTICS");

    private final OrganisationRoles registry;
    private final String operator;

    RoleGrants(final OrganisationRoles registry, final String operator) {
        this.registry = registry;
        this.operator = operator;
    }

    /**
     * @param organisation organisation key
     * @param roles API roles asked for
     * @return the first of them the organisation may not hold, if any
     * @throws io.wipetrace.gateway.ledger.LedgerException when the registry cannot be read
     */
    public Optional<String> notHeld(final String organisation, final Collection<String> roles) {
        return roles.stream().filter(role -> !holds(organisation, role)).findFirst();
    }

    private boolean holds(final String organisation, final String role) {
        return switch (role) {
            case Roles.ADMIN -> operator.equals(organisation);
            case Roles.REGULATOR -> registry.of(organisation).contains("REGULATOR");
            case Roles.PARTNER -> registry.of(organisation).stream().anyMatch(PARTNER_ROLES::contains);
            default -> false;
        };
    }

    /**
     * @param role a role {@link #notHeld} named
     * @return why it is refused, without naming what the organisation does hold or who else holds it
     */
    public static String notHeldDetail(final String role) {
        return "the organisation does not hold the role " + role + (Roles.ADMIN.equals(role)
                ? " (only the gateway's operator organisation does)" : " in the ledger's registry");
    }

    /** @return the organisation whose keys may be ADMIN */
    public String operator() {
        return operator;
    }
}
