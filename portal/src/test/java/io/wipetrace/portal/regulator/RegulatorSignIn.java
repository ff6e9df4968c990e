package io.wipetrace.portal.regulator;

import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.wipetrace.portal.gateway.GatewayClient;
import java.util.List;
import java.util.Map;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** Signs in to the regulator console with the key {@value #KEY}, which the gateway's stand-in knows as a regulator's. */
final class RegulatorSignIn {

    static final String KEY = "key-r";

    private RegulatorSignIn() {}

    static MockHttpSession signIn(final MockMvc mvc, final GatewayClient gateway) throws Exception {
        when(gateway.object(KEY, "/api/v1/me")).thenReturn(Map.of("organisation", "regulator",
                "mspId", "RegulatorOrgMSP", "roles", List.of("REGULATOR")));
        final MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf()).param("apiKey", KEY).param("next", "/regulator"));
        return session;
    }
}
