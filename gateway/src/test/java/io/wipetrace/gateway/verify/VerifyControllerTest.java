package io.wipetrace.gateway.verify;

import io.wipetrace.gateway.shared.ReceiptCode;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

// The controller's behaviour; who may call it is the security rules' business, tested in WriteApiWebTest.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(VerifyController.class)
class VerifyControllerTest {

    private static final String CODE = "7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRST";
    private static final String HASH = ReceiptCode.hash(CODE).orElseThrow();
    private static final String OTHER = "7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRSV";
    private static final String OTHER_HASH = ReceiptCode.hash(OTHER).orElseThrow();
    private static final String THIRD = "7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRSW";

    /** Two verifications per client, and a clock that only the test moves. */
    @TestConfiguration
    static class Limits {
        static final AtomicLong NANOS = new AtomicLong();

        @Bean
        VerifyProperties verifyProperties() {
            return new VerifyProperties(new VerifyProperties.RateLimit(true, 2, Duration.ofMinutes(1), 1000),
                    List.of("10.9.0.1", "10.8.0.0/16"));
        }

        @Bean
        RateLimiter rateLimiter() {
            return new RateLimiter(new VerifyProperties.RateLimit(true, 2, Duration.ofMinutes(1), 1000), NANOS::get);
        }
    }

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private VerifyQueries queries;

    @MockitoBean
    private ConsumerCertificates certificates;

    @Test
    void answers_a_known_code_typed_in_any_case_with_the_devices_timeline() throws Exception {
        when(queries.byReceiptHash(HASH)).thenReturn(Optional.of(verification()));

        mvc.perform(get("/api/v1/verify/{code}", "7k2q-9zxi-oa4m-bcde-fghj-kmnp-qrst").with(from("10.1.0.1")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(jsonPath("$.state").value("WIPED"))
                .andExpect(jsonPath("$.timeline[0].step").value("COLLECTED"))
                .andExpect(jsonPath("$.timeline[0].ledger.blockNumber").value(12))
                .andExpect(jsonPath("$.erasure.signature").value(containsString("verified by the chaincode")))
                .andExpect(jsonPath("$.destruction.status").value("NOT_DESTROYED"))
                // The erasure is not on the (shortened) timeline, so it is not shown to have left the device WIPED.
                .andExpect(jsonPath("$.certificate").value(false))
                .andExpect(content().string(not(containsString("imei"))));
    }

    @Test
    void answers_an_unknown_code_with_a_404_problem() throws Exception {
        when(queries.byReceiptHash(anyString())).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/verify/{code}", CODE).with(from("10.1.0.2")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.code").value("RECEIPT_NOT_FOUND"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/receipt-not-found"));
    }

    @Test
    void answers_a_proof_bundle_request_with_a_503_problem_where_this_gateway_does_not_anchor() throws Exception {
        when(queries.byReceiptHash(anyString())).thenReturn(Optional.of(verification()));

        mvc.perform(get("/api/v1/verify/{code}/proof-bundle", CODE).with(from("10.1.0.7")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.code").value("ANCHORING_UNAVAILABLE"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/anchoring-unavailable"));
    }

    @Test
    void answers_text_that_is_no_receipt_code_with_a_400_problem_without_looking_it_up() throws Exception {
        mvc.perform(get("/api/v1/verify/{code}", "not a code!").with(from("10.1.0.3")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_RECEIPT_CODE"))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/invalid-receipt-code"));
        verify(queries, never()).byReceiptHash(anyString());
    }

    @Test
    void limits_each_client_address_and_says_when_to_retry() throws Exception {
        when(queries.byReceiptHash(anyString())).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/verify/{code}", CODE).with(from("10.1.0.4"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/verify/{code}", OTHER).with(from("10.1.0.4"))).andExpect(status().isNotFound());

        mvc.perform(get("/api/v1/verify/{code}", THIRD).with(from("10.1.0.4")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(jsonPath("$.code").value("RATE_LIMITED"))
                .andExpect(jsonPath("$.retryAfterSeconds").value(30))
                .andExpect(jsonPath("$.type").value("https://wipetrace.io/problems/rate-limited"));
        // Another client is not affected.
        mvc.perform(get("/api/v1/verify/{code}", CODE).with(from("10.1.0.5"))).andExpect(status().isNotFound());
    }

    @Test
    void hands_out_the_certificate_of_a_known_code_within_the_same_rate_limit() throws Exception {
        when(queries.byReceiptHash(HASH)).thenReturn(Optional.of(verification()));
        when(queries.byReceiptHash(OTHER_HASH)).thenReturn(Optional.empty());
        when(certificates.forConsumer(any(), anyString())).thenReturn(ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF).body("%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        mvc.perform(get("/api/v1/verify/{code}/certificate.pdf", CODE).with(from("10.1.0.6")))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andExpect(content().string("%PDF-"));
        verify(certificates).forConsumer(verification(), CODE);
        // The page, its proof bundle and its certificate are one verification: the same code again is free.
        mvc.perform(get("/api/v1/verify/{code}", CODE).with(from("10.1.0.6"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/verify/{code}", CODE.replace("-", "")).with(from("10.1.0.6")))
                .andExpect(status().isOk());
        // Another code costs a token; a third finds the bucket empty.
        mvc.perform(get("/api/v1/verify/{code}", OTHER).with(from("10.1.0.6"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/verify/{code}/certificate.pdf", THIRD).with(from("10.1.0.6")))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.code").value("RATE_LIMITED"));
        verify(certificates, times(1)).forConsumer(any(), anyString());
    }

    @Test
    void counts_the_visitor_a_trusted_proxy_forwards_and_ignores_the_header_from_anyone_else() throws Exception {
        when(queries.byReceiptHash(anyString())).thenReturn(Optional.empty());
        // Through the portal (a trusted proxy), two visitors each have their own allowance.
        for (String code : new String[] {CODE, OTHER}) {
            mvc.perform(get("/api/v1/verify/{code}", code).with(from("10.9.0.1"))
                    .header("X-Forwarded-For", "203.0.113.7")).andExpect(status().isNotFound());
        }
        mvc.perform(get("/api/v1/verify/{code}", THIRD).with(from("10.9.0.1"))
                .header("X-Forwarded-For", "203.0.113.7")).andExpect(status().isTooManyRequests());
        mvc.perform(get("/api/v1/verify/{code}", THIRD).with(from("10.9.0.1"))
                .header("X-Forwarded-For", "198.51.100.9")).andExpect(status().isNotFound());
        // A visitor's own header in front of the proxy's entry does not choose the address counted.
        mvc.perform(get("/api/v1/verify/{code}", THIRD).with(from("10.9.0.1"))
                .header("X-Forwarded-For", "192.0.2.55, 203.0.113.7")).andExpect(status().isTooManyRequests());
        // A chain of trusted proxies: the first untrusted hop from the right is the visitor.
        mvc.perform(get("/api/v1/verify/{code}", THIRD).with(from("10.9.0.1"))
                .header("X-Forwarded-For", "203.0.113.7, 10.8.3.4")).andExpect(status().isTooManyRequests());
        // From an untrusted address the header is ignored: the connection itself is counted.
        for (String code : new String[] {CODE, OTHER}) {
            mvc.perform(get("/api/v1/verify/{code}", code).with(from("10.1.0.7"))
                    .header("X-Forwarded-For", "203.0.113." + code.length())).andExpect(status().isNotFound());
        }
        mvc.perform(get("/api/v1/verify/{code}", THIRD).with(from("10.1.0.7"))
                .header("X-Forwarded-For", "192.0.2.99")).andExpect(status().isTooManyRequests());
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(final String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private static Verification verification() {
        final Instant at = Instant.parse("2026-03-02T08:16:00Z");
        return new Verification("DEV-0123456789abcdef", "Xiaomi", "Redmi Note 9", 128, "c".repeat(64), "WIPED",
                "ProcessorOrgMSP", "SITE-PRC-SZ-01",
                List.of(new Verification.Step(0, "COLLECTED", "COLLECTED", at, "CollectorOrgMSP", "SITE-COL-SH-01",
                        "Collected (HOME_PICKUP)", new Verification.LedgerReference("tx1:0", "tx1", 12))),
                new Verification.Erasure("PURGE", "block erase", "NIST SP 800-88r1", "ERASED", "FULL",
                        "STATION-SZ-ECDSA-01", "RPT-1", "b".repeat(64), at,
                        "verified by the chaincode at transaction tx4 (block 15)",
                        new Verification.LedgerReference("tx4:0", "tx4", 15)),
                new Verification.Destruction("NOT_DESTROYED", null, null, null, null, null), null, 15);
    }
}
