package io.wipetrace.gateway.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wipetrace.gateway.ledger.LedgerReference;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ReadYourWritesAdviceTest {

    private static final String CHANNEL = "wipetrace";

    /** A write's answer, as the controllers' records name their block. */
    record Written(String deviceId, LedgerReference ledger) {}

    private final InMemoryStore store = new InMemoryStore();
    private final ReadYourWrites readYourWrites = new ReadYourWrites(
            new ProjectionProgress(CHANNEL, new SimpleMeterRegistry(), Clock.systemUTC()), store, CHANNEL,
            Duration.ZERO, Clock.systemUTC());
    private final AtomicInteger lookups = new AtomicInteger();
    private final ReadYourWritesAdvice advice = new ReadYourWritesAdvice(new ObjectProvider<>() {
        @Override
        public ReadYourWrites getObject() {
            lookups.incrementAndGet();
            return readYourWrites;
        }

        @Override
        public ReadYourWrites getObject(final Object... args) {
            return getObject();
        }

        @Override
        public ReadYourWrites getIfAvailable() {
            return getObject();
        }

        @Override
        public ReadYourWrites getIfUnique() {
            return getObject();
        }
    });

    private MockHttpServletResponse answer(final MockHttpServletRequest request, final Object body)
            throws IOException {
        final MockHttpServletResponse response = new MockHttpServletResponse();
        final ServletServerHttpResponse output = new ServletServerHttpResponse(response);
        assertThat(advice.beforeBodyWrite(body, null, MediaType.APPLICATION_JSON, null,
                new ServletServerHttpRequest(request), output)).isSameAs(body);
        output.flush();
        return response;
    }

    @Test
    void leaves_an_answer_nobody_waits_for_alone_without_looking_up_the_projection() throws IOException {
        store.setCheckpoint(CHANNEL, 3);

        final MockHttpServletResponse response = answer(new MockHttpServletRequest("GET", "/api/v1/verify/X"),
                new Written("D-1", new LedgerReference("tx", 2)));

        assertThat(response.getHeader(ReadYourWrites.STATUS_HEADER)).isNull();
        assertThat(lookups).hasValue(0);
    }

    @ParameterizedTest(name = "{0}: projected to {1}, written in {2}")
    @CsvSource({"Wait, 7, 7, current, 7", "wait, 4, 9, catching-up, 4"})
    void says_where_the_read_model_stands_when_the_client_asks_to_wait_in_any_case(final String asked,
            final long checkpoint, final long written, final String status, final String block) throws IOException {
        store.setCheckpoint(CHANNEL, checkpoint);
        final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/collections");
        request.addHeader(ReadYourWrites.REQUEST_HEADER, asked);

        final MockHttpServletResponse response = answer(request, new Written("D-1", new LedgerReference("tx", written)));

        assertThat(response.getHeader(ReadYourWrites.STATUS_HEADER)).isEqualTo(status);
        assertThat(response.getHeader(ReadYourWrites.BLOCK_HEADER)).isEqualTo(block);
        assertThat(lookups).hasValue(1);
    }
}
