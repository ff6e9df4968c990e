package io.wipetrace.gateway.projection;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Arrays;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestHeader;

/** Describes {@code Read-Your-Writes} in the OpenAPI document, on every write (every operation with an Idempotency-Key). */
@Configuration(proxyBeanMethods = false)
class ReadYourWritesApi {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Bean
    OperationCustomizer readYourWritesHeaders() {
        return (operation, handler) -> {
            final boolean write = Arrays.stream(handler.getMethodParameters())
                    .map(parameter -> parameter.getParameterAnnotation(RequestHeader.class))
                    .anyMatch(header -> header != null
                            && (IDEMPOTENCY_KEY.equals(header.value()) || IDEMPOTENCY_KEY.equals(header.name())));
            if (!write) {
                return operation;
            }
            operation.addParametersItem(new HeaderParameter().name(ReadYourWrites.REQUEST_HEADER).required(false)
                    .description("`wait`: answer only once the read model (lists, searches, the audit) shows this"
                            + " write, or after a bounded wait (10 s by default) with `Read-Model-Status: catching-up`."
                            + " A retry with the same Idempotency-Key waits the same way.")
                    .schema(new StringSchema()._enum(java.util.List.of(ReadYourWrites.WAIT))));
            if (operation.getResponses() != null) {
                operation.getResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        addHeaders(response);
                    }
                });
            }
            return operation;
        };
    }

    private static void addHeaders(final ApiResponse response) {
        response.addHeaderObject(ReadYourWrites.STATUS_HEADER, new Header()
                .description("Sent when Read-Your-Writes was asked: `current` once the read model holds this write,"
                        + " `catching-up` if it did not within the bound (reads may not show it yet)")
                .schema(new StringSchema()._enum(java.util.List.of("current", "catching-up"))));
        response.addHeaderObject(ReadYourWrites.BLOCK_HEADER, new Header()
                .description("Sent when Read-Your-Writes was asked: the last ledger block the read model had reached")
                .schema(new IntegerSchema().format("int64")));
    }
}
