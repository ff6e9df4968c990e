package io.wipetrace.gateway.security;

import java.util.Map;
import java.util.Set;

/** The registry roles of the local network's organisations (as its registry seed lists them), without a ledger. */
public final class LocalNetworkRegistry implements OrganisationRoles {

    private static final Map<String, Set<String>> ROLES = Map.of(
            "regulator", Set.of("REGULATOR"),
            "collector", Set.of("COLLECTOR", "LOGISTICS"),
            "processor", Set.of("PROCESSOR", "LOGISTICS"),
            "smelter", Set.of("SMELTER"));

    @Override
    public Set<String> of(final String organisation) {
        return ROLES.getOrDefault(organisation, Set.of());
    }
}
