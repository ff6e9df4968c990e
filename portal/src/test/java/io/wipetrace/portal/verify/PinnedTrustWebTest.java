package io.wipetrace.portal.verify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.portal.PortalProperties;
import io.wipetrace.portal.gateway.GatewayClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The verify page's pinned trust comes from the trust file the portal read at start, not from the gateway. */
@SpringBootTest
@AutoConfigureMockMvc
class PinnedTrustWebTest {

    private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String DEPLOYMENT = "0x" + "ab".repeat(32);
    private static final Path TRUST = trustFile(trust("1", "\"" + CONTRACT + "\"", "2"));

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    @DynamicPropertySource
    static void pinned(final DynamicPropertyRegistry registry) {
        registry.add("wipetrace.portal.trust-file", TRUST::toString);
        registry.add("wipetrace.portal.evm-rpc-url", () -> "http://127.0.0.1:8545");
    }

    @Test
    void the_page_carries_the_files_chain_contract_deployment_and_confirmations_beside_the_rpc_url() throws Exception {
        // The gateway's answer names another contract: the page must not take it.
        when(gateway.object(isNull(), eq("/api/v1/verify/{code}"), eq("7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRST"))).thenReturn(Map.of(
                "make", "Huawei", "model", "P40", "storageGb", 256, "state", "WIPED", "deviceId", "DEV-1",
                "destruction", Map.of("status", "NOT_DESTROYED"), "timeline", List.of(), "projectedToBlock", 12,
                "contractAddress", "0x" + "11".repeat(20)));

        mvc.perform(get("/verify/7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRST")).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("<script type=\"application/json\" id=\"trust\">"
                        + "{\"chainId\":31337,\"anchorContract\":\"" + CONTRACT + "\",\"deploymentTransaction\":\""
                        + DEPLOYMENT + "\",\"confirmations\":2}</script>")))
                .andExpect(content().string(Matchers.containsString("data-rpc-url=\"http://127.0.0.1:8545\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("11".repeat(20)))));
    }

    @Test
    void a_trust_file_of_another_format_or_version_or_with_a_mistyped_value_is_refused_at_start() {
        final ObjectMapper json = new ObjectMapper();
        for (final String bad : List.of(trust("2", "\"" + CONTRACT + "\"", "2"),
                trust("1", "\"" + CONTRACT + "\"", "2").replace("wipetrace-trust", "other"),
                trust("1", "\"" + CONTRACT + "\"", "2").replace("31337", "\"31337\""),
                trust("1", "\"" + CONTRACT.replace('f', 'F') + "\"", "2"),
                trust("1", "\"" + CONTRACT + "\"", "0"),
                trust("1", "\"" + CONTRACT + "\"", "\"final\""))) {
            final PortalProperties properties = new PortalProperties(null, "", ZoneId.of("UTC"), Duration.ofSeconds(1),
                    trustFile(bad).toString(), null);
            assertThatThrownBy(() -> new PinnedTrust(properties, json)).as(bad)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static String trust(final String version, final String contract, final String confirmations) {
        return """
                {"format": "wipetrace-trust", "version": %s, "alliance": "WipeTrace local alliance",
                 "channel": "wipetrace", "chainId": 31337, "anchorContract": %s, "deploymentTransaction": "%s",
                 "confirmations": %s, "memberCertificateAuthorities": {}}"""
                .formatted(version, contract, DEPLOYMENT, confirmations);
    }

    private static Path trustFile(final String text) {
        try {
            final Path file = Files.createTempFile("trust", ".json");
            file.toFile().deleteOnExit();
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
