package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    private final RequestIdFilter filter = new RequestIdFilter();

    private String run(final String offered, final AtomicReference<String> seenInLogs) throws Exception {
        final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/verify/X");
        if (offered != null) {
            request.addHeader(RequestIdFilter.HEADER, offered);
        }
        final MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(final jakarta.servlet.ServletRequest req, final jakarta.servlet.ServletResponse res) {
                seenInLogs.set(MDC.get(RequestIdFilter.MDC_KEY));
            }
        });
        return response.getHeader(RequestIdFilter.HEADER);
    }

    @Test
    void keeps_the_callers_request_id_in_the_logs_and_the_response() throws Exception {
        final AtomicReference<String> logged = new AtomicReference<>();

        assertThat(run("partner-batch-0042", logged)).isEqualTo("partner-batch-0042");
        assertThat(logged.get()).isEqualTo("partner-batch-0042");
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).as("cleared after the request").isNull();
    }

    @Test
    void makes_one_up_when_there_is_none_or_it_is_not_a_sane_token() throws Exception {
        final AtomicReference<String> logged = new AtomicReference<>();

        final String made = run(null, logged);
        assertThat(made).matches("[0-9a-f-]{36}").isEqualTo(logged.get());
        assertThat(run("bad id\nwith newline", logged)).matches("[0-9a-f-]{36}");
    }
}
