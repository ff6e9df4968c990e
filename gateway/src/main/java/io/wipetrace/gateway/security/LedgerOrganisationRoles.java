package io.wipetrace.gateway.security;

import io.wipetrace.gateway.ledger.ChaincodeJson;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.LedgerException;
import java.util.List;
import java.util.Set;

/** Reads an organisation's registry entry with its own identity; every call asks the ledger. */
final class LedgerOrganisationRoles implements OrganisationRoles {

    /** The registry entry's part that matters here. */
    record Entry(List<String> roles) {}

    private final LedgerClient ledger;
    private final FabricGateways gateways;
    private final ChaincodeJson json;

    LedgerOrganisationRoles(final LedgerClient ledger, final FabricGateways gateways, final ChaincodeJson json) {
        this.ledger = ledger;
        this.gateways = gateways;
        this.json = json;
    }

    @Override
    public Set<String> of(final String organisation) {
        final byte[] entry;
        try {
            entry = ledger.evaluate(organisation, "registry", "GetOrganisation", gateways.mspId(organisation));
        } catch (LedgerException e) {
            if ("ORGANISATION_NOT_FOUND".equals(e.code())) {
                return Set.of();
            }
            throw e;
        }
        final List<String> roles = json.read(entry, Entry.class).roles();
        return roles == null ? Set.of() : Set.copyOf(roles);
    }
}
