package io.wipetrace.portal.regulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.wipetrace.portal.gateway.GatewayClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The integrity page lists each anchor with its EVM transaction, its window and its own result. */
@SpringBootTest
@AutoConfigureMockMvc
class IntegrityWebTest {

    private static final String TX = "0x" + "ab".repeat(32);

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private GatewayClient gateway;

    @Test
    void lists_each_anchor_with_its_transaction_window_and_result() throws Exception {
        final Map<String, Object> intact = anchor(0, 0, 41, 12, TX, 7L, true, 0);
        final Map<String, Object> broken = anchor(1, 42, 57, 3, "0x" + "cd".repeat(32), null, false, 2);
        when(gateway.object(RegulatorSignIn.KEY, "/api/v1/audit/integrity")).thenReturn(Map.of("anchorsChecked", 2,
                "eventsChecked", 15, "anchoredThroughBlock", 57, "mismatches", List.of(
                        Map.of("anchor", 1, "where", "root", "detail", "differs"),
                        Map.of("anchor", 1, "where", "EVM chain", "detail", "differs")),
                "anchors", List.of(intact, broken)));
        final var session = RegulatorSignIn.signIn(mvc, gateway);

        final String html = mvc.perform(get("/regulator/integrity").session(session)
                        .header(HttpHeaders.ACCEPT_LANGUAGE, "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        final String first = row(html, 0);
        assertThat(first).contains("data-intact=\"true\"").contains(TX).contains("blocks 0–41, 12 event(s)")
                .contains("EVM block 7").contains("Intact");
        final String second = row(html, 1);
        assertThat(second).contains("data-intact=\"false\"").contains("2 mismatch(es)").doesNotContain("EVM block");
    }

    private static Map<String, Object> anchor(final long sequence, final long first, final long last, final int events,
            final String tx, final Long evmBlock, final boolean intact, final int mismatches) {
        final Map<String, Object> anchor = new HashMap<>(Map.of("sequence", sequence, "firstBlock", first,
                "lastBlock", last, "events", events, "evmTransaction", tx, "fabricTxId", "f" + sequence,
                "intact", intact, "mismatches", mismatches));
        anchor.put("evmBlock", evmBlock);
        return anchor;
    }

    private static String row(final String html, final long sequence) {
        final int start = html.indexOf("data-sequence=\"" + sequence + "\"");
        assertThat(start).as("anchor %s", sequence).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
