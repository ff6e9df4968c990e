package io.wipetrace.portal.partner;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import io.wipetrace.portal.web.SignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every partner page shows according to the organisation: only the forms of the roles it holds in the ledger's
 * registry (a collector sees no dismantling form, rather than learn after submitting that it may not dismantle), and
 * its registered sites to choose from. Read from the gateway once per session; if the gateway cannot say, every form
 * is shown and the site is typed, as before.
 */
@ControllerAdvice(assignableTypes = {PartnerController.class, ImportController.class})
class PartnerPages {

    /** The registry role(s) whose holder may submit each form; any one of them will do. */
    static final Map<String, Set<String>> ROLES = Map.ofEntries(
            Map.entry("collections", Set.of("COLLECTOR")),
            Map.entry("imports", Set.of("COLLECTOR")),
            Map.entry("erasures", Set.of("PROCESSOR")),
            Map.entry("dismantlings", Set.of("PROCESSOR")),
            Map.entry("storage-destructions", Set.of("PROCESSOR", "SMELTER")),
            Map.entry("lots", Set.of("SMELTER")),
            Map.entry("handovers", Set.of("COLLECTOR", "LOGISTICS", "PROCESSOR", "SMELTER")),
            Map.entry("refurbishments", Set.of("PROCESSOR")),
            // The custodian before any erasure: the collector, or the processor that received the device.
            Map.entry("consents", Set.of("COLLECTOR", "PROCESSOR")),
            Map.entry("returns", Set.of("COLLECTOR", "PROCESSOR")),
            // Any writer of events may correct its own; the chaincode checks that it wrote the one it names.
            Map.entry("corrections", Set.of("COLLECTOR", "LOGISTICS", "PROCESSOR", "SMELTER", "REGULATOR")),
            Map.entry("purges", Set.of("COLLECTOR")));

    private static final String ATTRIBUTE = PartnerPages.class.getName();

    /**
     * The organisation as the partner pages need it.
     *
     * @param forms the slugs of the forms it may submit
     * @param sites its registered sites
     * @param destinations the other organisations that may take devices over (a handover's receiver)
     * @param destinationSites their sites
     */
    record Organisation(Set<String> forms, List<Site> sites, List<Destination> destinations,
            List<Site> destinationSites) implements Serializable {}

    /** A registered site. */
    record Site(String siteId, String mspId, String name) implements Serializable {}

    /** A registered organisation. */
    record Destination(String mspId, String name) implements Serializable {}

    /** The roles whose holders may receive a handover (the chaincode's rule). */
    private static final Set<String> RECEIVERS = Set.of("COLLECTOR", "LOGISTICS", "PROCESSOR", "SMELTER");

    private final GatewayClient gateway;

    PartnerPages(final GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** @return the signed-in organisation's forms and sites, or {@code null} when the gateway could not say */
    @ModelAttribute("organisation")
    Organisation organisation(final HttpServletRequest request) {
        final SignIn signIn = SignIn.of(request);
        if (signIn == null) {
            return null;
        }
        final HttpSession session = request.getSession();
        if (session.getAttribute(ATTRIBUTE) instanceof Organisation known) {
            return known;
        }
        try {
            final Map<String, Object> me = gateway.object(signIn.apiKey(), "/api/v1/me");
            if (!(me.get("registryRoles") instanceof List<?> registryRoles)) {
                return null; // a gateway that does not say: every form, as before
            }
            final Set<String> held = new TreeSet<>();
            registryRoles.forEach(role -> held.add(String.valueOf(role)));
            final Set<String> forms = new TreeSet<>();
            ROLES.forEach((form, roles) -> {
                if (roles.stream().anyMatch(held::contains)) {
                    forms.add(form);
                }
            });
            final List<Site> sites = new ArrayList<>();
            final List<Site> destinationSites = new ArrayList<>();
            gateway.list(signIn.apiKey(), "/api/v1/registry/sites").forEach(entry -> {
                final Site site = new Site(String.valueOf(entry.get("siteId")), String.valueOf(entry.get("mspId")),
                        (String) entry.get("name"));
                (signIn.mspId().equals(site.mspId()) ? sites : destinationSites).add(site);
            });
            final List<Destination> destinations = new ArrayList<>();
            gateway.list(signIn.apiKey(), "/api/v1/registry/organisations").forEach(entry -> {
                final boolean receives = entry.get("roles") instanceof List<?> roles
                        && roles.stream().anyMatch(role -> RECEIVERS.contains(String.valueOf(role)));
                if (receives && !signIn.mspId().equals(entry.get("mspId"))) {
                    destinations.add(new Destination(String.valueOf(entry.get("mspId")), (String) entry.get("name")));
                }
            });
            destinationSites.removeIf(site -> destinations.stream().noneMatch(d -> d.mspId().equals(site.mspId())));
            final Organisation organisation = new Organisation(forms, List.copyOf(sites), List.copyOf(destinations),
                    List.copyOf(destinationSites));
            session.setAttribute(ATTRIBUTE, organisation);
            return organisation;
        } catch (GatewayProblem unknown) {
            return null;
        }
    }
}
