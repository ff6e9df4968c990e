package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.web.server.RawHttp;
import io.wipetrace.gateway.web.server.ServerSlice;
import io.wipetrace.gateway.web.server.ServerSliceTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;

/** Every answer is a problem, also those Tomcat or the firewall give before a controller is reached. */
@SpringBootTest(classes = ServerSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerProblemsTest extends ServerSliceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/verify/a%2Fb", "/api/v1/verify/a%5Cb", "/api/v1/verify/a%00b",
        "/api/v1/verify/a;jsessionid=0123456789", "/api/v1/verify/%u002e%u002e", "/api/v1/verify/a%0D%0ASet-Cookie:x",
        "/api/v1/verify/a%25252e", "/api/v1/verify/..%2F..%2Fetc"})
    void refuses_malformed_paths_with_a_400_problem_and_no_html_page(final String path) throws IOException {
        assertProblem(RawHttp.send(port, "GET " + path + " HTTP/1.1"), 400, "REQUEST_REJECTED");
    }

    @Test
    void refuses_headers_over_8_kb_with_a_400_problem() throws IOException {
        assertProblem(RawHttp.send(port, "GET /api/v1/verify/abc HTTP/1.1", "X-Padding: " + "a".repeat(9000)),
                400, "REQUEST_REJECTED");
    }

    @Test
    void refuses_a_control_character_in_a_header_that_only_the_controller_reads_with_a_400_problem()
            throws IOException {
        // U+008C, a C1 control character: the firewall checks a header's value when it is first read, here while the
        // JSON body is read, after the firewall's own handler had its turn.
        assertProblem(RawHttp.postJson(port, "/api/v1/verify/abc/echo", "{\"a\":1}", "X-Note: a\u008Cb"),
                400, "REQUEST_REJECTED");
        final RawHttp.Answer clean = RawHttp.postJson(port, "/api/v1/verify/abc/echo", "{\"a\":1}", "X-Note: ab");
        assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
        assertThat(JSON.readTree(clean.body()).path("a").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*;q=abc", "application/json;charset=ebcdic", "application/xml"})
    void answers_an_accept_header_it_cannot_satisfy_or_read_with_a_406_problem(final String accept)
            throws IOException {
        assertProblem(RawHttp.postJson(port, "/api/v1/verify/abc/echo", "{\"a\":1}", "Accept: " + accept),
                406, "NOT_ACCEPTABLE");
    }

    @Test
    void answers_trace_with_a_405_problem() throws IOException {
        assertProblem(RawHttp.send(port, "TRACE /api/v1/verify/abc HTTP/1.1"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void answers_the_error_page_asked_for_directly_with_a_404_problem() throws IOException {
        assertProblem(RawHttp.send(port, "GET /error HTTP/1.1"), 404, "NOT_FOUND");
        assertProblem(RawHttp.send(port, "GET /error HTTP/1.1", "Accept: text/html"), 404, "NOT_FOUND");
    }

    @Test
    void still_answers_a_well_formed_request() throws IOException {
        final RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/verify/abc HTTP/1.1");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("abc");
    }

    private static void assertProblem(final RawHttp.Answer answer, final int status, final String code)
            throws IOException {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).as(answer.toString()).startsWith("application/problem+json");
        final JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith(Problems.TYPE_BASE);
    }
}
