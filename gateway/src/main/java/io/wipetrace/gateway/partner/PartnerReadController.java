package io.wipetrace.gateway.partner;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wipetrace.gateway.projection.CustodyReads;
import io.wipetrace.gateway.projection.CustodyReads.HeldDevice;
import io.wipetrace.gateway.projection.CustodyReads.IncomingHandover;
import io.wipetrace.gateway.projection.RegistryReads;
import io.wipetrace.gateway.projection.RegistryReads.Organisation;
import io.wipetrace.gateway.projection.RegistryReads.Site;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.security.OrganisationRoles;
import io.wipetrace.gateway.shared.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's own view of custody, from the read model: who the caller is, the devices it holds and the handovers
 * offered to it that wait for its answer. Always scoped to the caller's organisation; a regulator sees its own
 * organisation here too (the audit API is its view of everyone).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Custody")
class PartnerReadController {

    private final RegistryReads registry;
    private final CustodyReads custody;
    private final OrganisationRoles registryRoles;

    PartnerReadController(final RegistryReads registry, final CustodyReads custody,
            final OrganisationRoles registryRoles) {
        this.registry = registry;
        this.custody = custody;
        this.registryRoles = registryRoles;
    }

    /**
     * Who the caller is: its organisation, MSP ID and API roles, and the roles its organisation holds in the ledger's
     * registry (which writes the chaincode lets it make: COLLECTOR, PROCESSOR, SMELTER, LOGISTICS, REGULATOR).
     */
    record Me(String organisation, String mspId, Set<String> roles, Set<String> registryRoles) {}

    @GetMapping("/me")
    @Operation(summary = "The caller's organisation and roles")
    Me me(@AuthenticationPrincipal final ApiPrincipal principal) {
        return new Me(principal.organisation(), principal.mspId(), principal.roles(),
                new TreeSet<>(registryRoles.of(principal.organisation())));
    }

    @GetMapping("/registry/sites")
    @Operation(summary = "The registry's sites, by site ID; `mspId` keeps one organisation's",
            description = "From the registry's changes on the ledger (SITE_REGISTERED), as projected: for choosing a"
                    + " site in a form instead of typing its ID.")
    List<Site> sites(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") final String mspId) {
        return registry.sites(mspId);
    }

    @GetMapping("/registry/organisations")
    @Operation(summary = "The registry's organisations, by MSP ID",
            description = "From the registry's changes on the ledger (ORGANISATION_REGISTERED), as projected.")
    List<Organisation> organisations() {
        return registry.organisations();
    }

    @GetMapping("/custody/devices")
    @Operation(summary = "Devices the caller's organisation holds, by device ID",
            description = "Filter by `state` and by a device ID or bag ID prefix (`q`).")
    Page<HeldDevice> devices(@AuthenticationPrincipal final ApiPrincipal principal,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z_]{3,32}") final String state,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._:/-]{1,64}") final String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) final int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) final int size) {
        return custody.heldDevices(principal.mspId(), state, q, page, size);
    }

    @GetMapping("/custody/handovers/incoming")
    @Operation(summary = "Handovers offered to the caller's organisation that wait for its answer, oldest first")
    List<IncomingHandover> incoming(@AuthenticationPrincipal final ApiPrincipal principal) {
        return custody.incomingHandovers(principal.mspId());
    }
}
