package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.ledger.LedgerReference;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Holds back the answer to a write whose client sent {@code Read-Your-Writes: wait} until the projection has reached
 * the write's block ({@link ReadYourWrites}), and says where the read model stands in {@code Read-Model-Status} and
 * {@code Read-Model-Block}.
 *
 * <p>A write's answer names its block in its {@code ledger} member ({@link LedgerReference}); a replayed answer (same
 * Idempotency-Key) names the same block, so a retry after a lost answer waits the same way.
 */
@RestControllerAdvice
class ReadYourWritesAdvice implements ResponseBodyAdvice<Object> {

    /** Absent where the projection is not wired (web slices of the controllers); nothing waits then. */
    private final ObjectProvider<ReadYourWrites> readYourWrites;

    ReadYourWritesAdvice(final ObjectProvider<ReadYourWrites> readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    @Override
    public boolean supports(final MethodParameter returnType,
            final Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(final Object body, final MethodParameter returnType,
            final MediaType selectedContentType, final Class<? extends HttpMessageConverter<?>> selectedConverterType,
            final ServerHttpRequest request, final ServerHttpResponse response) {
        // Every answer passes here, consumers' verifications most of all: the one header is read first, without
        // copying all of them into HttpHeaders, and the projection looked up only when a client asked to wait.
        if (!ReadYourWrites.WAIT.equalsIgnoreCase(header(request, ReadYourWrites.REQUEST_HEADER))) {
            return body;
        }
        final ReadYourWrites waiting = readYourWrites.getIfAvailable();
        if (waiting == null) {
            return body;
        }
        writtenBlock(body).ifPresent(block -> {
            final ReadYourWrites.Reached reached = waiting.await(block);
            response.getHeaders().set(ReadYourWrites.STATUS_HEADER, reached.current() ? "current" : "catching-up");
            response.getHeaders().set(ReadYourWrites.BLOCK_HEADER, Long.toString(reached.checkpoint()));
        });
        return body;
    }

    /** A request header's first value, or null. */
    private static String header(final ServerHttpRequest request, final String name) {
        return request instanceof ServletServerHttpRequest servlet ? servlet.getServletRequest().getHeader(name)
                : request.getHeaders().getFirst(name);
    }

    /** The block of the write an answer reports, if it is a write's answer. */
    static Optional<Long> writtenBlock(final Object body) {
        if (body == null || !body.getClass().isRecord()) {
            return Optional.empty();
        }
        for (final RecordComponent component : body.getClass().getRecordComponents()) {
            if (component.getType() == LedgerReference.class) {
                try {
                    // The answers are records of package-private controllers.
                    component.getAccessor().setAccessible(true);
                    final Object value = component.getAccessor().invoke(body);
                    if (value instanceof LedgerReference reference) {
                        return Optional.of(reference.blockNumber());
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read the ledger reference of " + body.getClass(), e);
                }
            }
        }
        return Optional.empty();
    }
}
