package io.wipetrace.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.UnknownOrganisationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class JwtPrincipalConverterTest {

    private final FabricGateways gateways = mock(FabricGateways.class);
    private final JwtPrincipalConverter converter = new JwtPrincipalConverter(
            new SecurityProperties.OAuth2("https://issuer.example", null, "wipetrace_org", "wipetrace_roles"), gateways,
            new RoleGrants(new LocalNetworkRegistry(), "regulator"));

    private static Jwt token(final Map<String, Object> claims) {
        final Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject("station-7")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void maps_the_organisation_and_role_claims_to_a_principal() {
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");

        final var authentication = converter.convert(token(Map.of("wipetrace_org", "processor",
                "wipetrace_roles", List.of("PARTNER"))));

        assertThat(authentication.getPrincipal())
                .isEqualTo(new ApiPrincipal("processor", "ProcessorOrgMSP", Set.of("PARTNER"),
                        ApiPrincipal.ActorKind.PERSON, "station-7"));
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_PARTNER");
    }

    @Test
    void rejects_a_token_that_names_no_subject() {
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        final Jwt withoutSubject = Jwt.withTokenValue("t").header("alg", "RS256").claim("wipetrace_org", "processor")
                .claim("wipetrace_roles", List.of("PARTNER")).issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60)).build();
        assertThatThrownBy(() -> converter.convert(withoutSubject)).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("sub");
    }

    @Test
    void accepts_roles_as_a_space_separated_string() {
        when(gateways.mspId("regulator")).thenReturn("RegulatorOrgMSP");
        final var authentication = converter.convert(token(Map.of("wipetrace_org", "regulator",
                "wipetrace_roles", "REGULATOR ADMIN")));
        assertThat(((ApiPrincipal) authentication.getPrincipal()).roles()).containsExactlyInAnyOrder("REGULATOR", "ADMIN");
    }

    @Test
    void rejects_a_token_without_an_organisation_or_with_one_this_gateway_does_not_serve() {
        when(gateways.mspId("elsewhere")).thenThrow(UnknownOrganisationException.class);
        assertThatThrownBy(() -> converter.convert(token(Map.of("wipetrace_roles", "PARTNER"))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> converter.convert(token(Map.of("wipetrace_org", "elsewhere",
                "wipetrace_roles", "PARTNER")))).isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void rejects_unknown_or_missing_roles() {
        when(gateways.mspId("processor")).thenReturn("ProcessorOrgMSP");
        assertThatThrownBy(() -> converter.convert(token(Map.of("wipetrace_org", "processor"))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> converter.convert(token(Map.of("wipetrace_org", "processor",
                "wipetrace_roles", "SUPERUSER")))).isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void rejects_a_token_claiming_a_role_its_organisation_does_not_hold() {
        when(gateways.mspId("collector")).thenReturn("CollectorOrgMSP");
        when(gateways.mspId("smelter")).thenReturn("SmelterOrgMSP");
        assertThatThrownBy(() -> converter.convert(token(Map.of("wipetrace_org", "collector",
                "wipetrace_roles", "REGULATOR")))).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("ROLE_NOT_HELD_BY_ORGANISATION").hasMessageContaining("REGULATOR");
        assertThatThrownBy(() -> converter.convert(token(Map.of("wipetrace_org", "smelter",
                "wipetrace_roles", List.of("PARTNER", "ADMIN"))))).isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("ADMIN");
    }
}
