package io.wipetrace.gateway.security;

import java.util.Set;

/** The roles an organisation holds in the ledger's registry (registry chaincode, {@code GetOrganisation}). */
public interface OrganisationRoles {

    /**
     * @param organisation organisation key, e.g. {@code collector}
     * @return its registry roles, e.g. {@code COLLECTOR} and {@code LOGISTICS}; empty when it is not registered
     * @throws io.wipetrace.gateway.ledger.LedgerException when the registry cannot be read
     */
    Set<String> of(String organisation);
}
