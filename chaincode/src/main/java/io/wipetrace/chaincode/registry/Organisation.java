package io.wipetrace.chaincode.registry;

import java.util.List;

/**
 * A member organisation of the alliance, keyed by its MSP ID.
 *
 * @param mspId the organisation's MSP ID, which its members' certificates carry
 * @param name display name
 * @param roles the roles it holds, sorted, no duplicates
 * @param registeredAt transaction timestamp of the registration (ISO-8601)
 * @param registeredBy MSP ID of the regulator that registered it
 */
public record Organisation(
        String mspId,
        String name,
        List<Role> roles,
        String registeredAt,
        String registeredBy) {

    /** Copies the role list so the record stays immutable. */
    public Organisation {
        roles = List.copyOf(roles);
    }

    /**
     * Whether the organisation holds a role.
     *
     * @param role the role
     * @return true if it does
     */
    public boolean holds(final Role role) {
        return roles.contains(role);
    }
}
