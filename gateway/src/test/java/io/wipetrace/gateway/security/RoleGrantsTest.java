package io.wipetrace.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleGrantsTest {

    private final RoleGrants grants = new RoleGrants(new LocalNetworkRegistry(), "regulator");

    @Test
    void grants_regulator_only_to_an_organisation_the_registry_names_regulator() {
        assertThat(grants.notHeld("regulator", List.of(Roles.REGULATOR))).isEmpty();
        assertThat(grants.notHeld("collector", List.of(Roles.REGULATOR))).contains(Roles.REGULATOR);
        assertThat(grants.notHeld("smelter", List.of(Roles.REGULATOR))).contains(Roles.REGULATOR);
    }

    @Test
    void grants_partner_to_an_organisation_holding_any_partner_role_and_to_no_other() {
        assertThat(grants.notHeld("collector", List.of(Roles.PARTNER))).isEmpty();
        assertThat(grants.notHeld("processor", List.of(Roles.PARTNER))).isEmpty();
        assertThat(grants.notHeld("smelter", List.of(Roles.PARTNER))).isEmpty();
        assertThat(grants.notHeld("regulator", List.of(Roles.PARTNER))).contains(Roles.PARTNER);
        assertThat(grants.notHeld("unregistered", List.of(Roles.PARTNER))).contains(Roles.PARTNER);
    }

    @Test
    void keeps_admin_for_the_operator_organisation_without_asking_the_registry() {
        final RoleGrants withoutRegistry = new RoleGrants(organisation -> {
            throw new AssertionError("asked the registry about " + organisation);
        }, "regulator");
        assertThat(withoutRegistry.notHeld("regulator", List.of(Roles.ADMIN))).isEmpty();
        assertThat(grants.notHeld("smelter", List.of(Roles.ADMIN))).contains(Roles.ADMIN);
        assertThat(grants.notHeld("collector", List.of(Roles.ADMIN))).contains(Roles.ADMIN);
    }

    @Test
    void names_the_first_role_of_several_that_is_not_held() {
        assertThat(grants.notHeld("regulator", List.of(Roles.REGULATOR, Roles.ADMIN))).isEmpty();
        assertThat(grants.notHeld("collector", List.of(Roles.PARTNER, Roles.ADMIN))).contains(Roles.ADMIN);
        assertThat(grants.notHeld("collector", Set.of("SUPERUSER"))).contains("SUPERUSER");
    }

    @Test
    void says_which_role_is_refused_and_nothing_about_what_the_organisation_holds() {
        assertThat(RoleGrants.notHeldDetail(Roles.REGULATOR)).contains("REGULATOR")
                .doesNotContain("COLLECTOR").doesNotContain("regulator");
    }
}
