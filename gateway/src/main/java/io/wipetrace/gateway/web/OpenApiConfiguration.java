package io.wipetrace.gateway.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description: security schemes and the problem-details responses every operation may give. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI wipetraceOpenApi() {
        final Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details; `code` is stable, `type` is"
                        + " https://wipetrace.io/problems/<code-in-kebab-case>")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().example("NOT_CUSTODIAN"))
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())));
        return new OpenAPI()
                .info(new Info().title("WipeTrace gateway API").version("v1").description("""
                        Partners write custody and destruction records; consumers verify receipts; regulators audit.
                        Authenticate with `X-Api-Key` (or an OAuth2 bearer token where configured). Every write
                        needs an `Idempotency-Key` header: a retry with the same key and body returns the first
                        response and never writes twice."""))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key"))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT"))
                        .addSchemas(PROBLEM, problem))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Adds the problem responses to every operation that does not describe them itself. */
    @Bean
    OperationCustomizer problemResponses() {
        final Map<String, String> problems = Map.of(
                "400", "Invalid request, missing Idempotency-Key, validation errors",
                "401", "No or invalid credentials",
                "403", "The caller's role or organisation may not do this (e.g. NOT_CUSTODIAN)",
                "404", "No such device, handover, lot, ...",
                "409", "Conflicts with the ledger (ILLEGAL_TRANSITION, *_EXISTS) or IDEMPOTENCY_KEY_REUSED",
                "422", "Refused by the chaincode's rules (INVALID_ARGUMENT, SIGNATURE_INVALID, ...), or a body member"
                        + " unknown, repeated or of the wrong type (INVALID_JSON_MEMBER)",
                "502", "Endorsement or commit failed on the network",
                "503", "Peers unavailable, repeated read conflicts, the database's connections all busy"
                        + " (DATABASE_BUSY) or, for a write, this gateway's places for writes all taken (WRITES_BUSY,"
                        + " nothing done): retry with the same Idempotency-Key",
                "504", "Deadline passed or outcome unknown: retry with the same Idempotency-Key");
        return (operation, handler) -> {
            problems.forEach((status, description) -> {
                if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                    operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                            .content(new Content().addMediaType("application/problem+json",
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
                }
            });
            return operation;
        };
    }
}
