package io.wipetrace.portal.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.portal.PortalProperties;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Calls the gateway. Reads come back as plain maps and lists (what the templates render); writes carry the form's
 * {@code Idempotency-Key} and always {@code Read-Your-Writes: wait}, so that the page shown after a write already
 * shows it (else the answer's {@link #READ_MODEL} member is {@code catching-up}); the signed-in credential, when
 * given, goes as {@code Authorization} if it is a person's bearer token ({@value #BEARER}...), else as the API key
 * {@code X-Api-Key}; the visitor's address goes as {@code X-Forwarded-For} ({@link Visitor}). Any problem answer
 * becomes a {@link GatewayProblem} with the gateway's code, the fields it names and, for 429, when to try again.
 */
@Component
public class GatewayClient {

    /** How a person's access token starts, as the portal holds it: the {@code Authorization} header's value. */
    public static final String BEARER = "Bearer ";

    /**
     * Added to the answer of a ledger write: {@code current} when the gateway's read model already shows the write,
     * else {@code catching-up} (the next page may not show it yet).
     */
    public static final String READ_MODEL = "readModelStatus";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String READ_MODEL_STATUS = "Read-Model-Status";
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

    private final RestClient rest;
    private final ObjectMapper json;
    private final Visitor visitor;

    GatewayClient(final PortalProperties properties, final ObjectMapper json, final Visitor visitor) {
        this.visitor = visitor;
        final JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build());
        factory.setReadTimeout(properties.timeout());
        this.rest = RestClient.builder().baseUrl(properties.gatewayUrl().toString()).requestFactory(factory).build();
        this.json = json;
    }

    /** GET a JSON object. */
    public Map<String, Object> object(final String apiKey, final String path, final Object... variables) {
        return json.convertValue(tree(apiKey, path, variables), MAP);
    }

    /** GET a JSON array. */
    public List<Map<String, Object>> list(final String apiKey, final String path, final Object... variables) {
        return json.convertValue(tree(apiKey, path, variables), LIST);
    }

    /** GET a JSON document as a tree. */
    public JsonNode tree(final String apiKey, final String path, final Object... variables) {
        return bytes(apiKey, path, variables).map(download -> {
            try {
                return json.readTree(download.body());
            } catch (IOException e) {
                throw new GatewayProblem(502, "GATEWAY_ANSWER_UNREADABLE", e.getMessage());
            }
        });
    }

    /** GET any body, raw, with its headers (downloads: CSV, PDF, proof bundles). */
    public Download bytes(final String apiKey, final String path, final Object... variables) {
        return call(() -> rest.get().uri(path, variables).headers(h -> key(h, apiKey))
                .exchange((request, response) -> new Download(check(response.getStatusCode(),
                        response.getHeaders(), response.getBody().readAllBytes()), response.getHeaders())));
    }

    /**
     * GET a download that a write's Idempotency-Key opens (an import's results, whose receipt codes the gateway keeps
     * sealed under it).
     */
    public Download keyedBytes(final String apiKey, final String idempotencyKey, final String path,
            final Object... variables) {
        return call(() -> rest.get().uri(path, variables).headers(h -> {
            key(h, apiKey);
            if (idempotencyKey != null) {
                h.set("Idempotency-Key", idempotencyKey);
            }
        }).exchange((request, response) -> new Download(check(response.getStatusCode(),
                response.getHeaders(), response.getBody().readAllBytes()), response.getHeaders())));
    }

    /**
     * POST a JSON body as a write; returns the gateway's answer. The form's idempotency key makes a resubmission of
     * the same form (after a timeout, say) settle the first write instead of writing twice.
     */
    public Map<String, Object> post(final String apiKey, final String idempotencyKey, final String path,
            final Object body, final Object... variables) {
        return call(() -> answer(rest.post().uri(path, variables)
                .headers(h -> write(h, apiKey, idempotencyKey)).contentType(MediaType.APPLICATION_JSON).body(body)));
    }

    /** POST a multipart form as a new write: named JSON parts and named files. */
    public Map<String, Object> postMultipart(final String apiKey, final String idempotencyKey, final String path,
            final Map<String, String> jsonParts, final Map<String, FilePart> files) {
        final MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        jsonParts.forEach((name, value) -> {
            final HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            parts.add(name, new org.springframework.http.HttpEntity<>(value, headers));
        });
        files.forEach((name, file) -> parts.add(name, new ByteArrayResource(file.content()) {
            @Override
            public String getFilename() {
                return file.name();
            }
        }));
        return call(() -> answer(rest.post().uri(path)
                .headers(h -> write(h, apiKey, idempotencyKey)).contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts)));
    }

    /** A file to upload. */
    public record FilePart(String name, byte[] content) {}

    /** A downloaded body with the headers worth passing on. */
    public record Download(byte[] body, HttpHeaders headers) {

        <T> T map(final java.util.function.Function<Download, T> mapper) {
            return mapper.apply(this);
        }

        /** @return the body as a response, keeping the gateway's content type and file name */
        public ResponseEntity<byte[]> asResponse() {
            final ResponseEntity.BodyBuilder builder = ResponseEntity.ok();
            if (headers.getContentType() != null) {
                builder.contentType(headers.getContentType());
            }
            final String disposition = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
            if (disposition != null) {
                builder.header(HttpHeaders.CONTENT_DISPOSITION, disposition);
            }
            return builder.body(body);
        }
    }

    /** A write's answer, with where the gateway's read model stands ({@link #READ_MODEL}). */
    private Map<String, Object> answer(final RestClient.RequestHeadersSpec<?> spec) {
        return spec.exchange((request, response) -> {
            final Map<String, Object> answer = new java.util.LinkedHashMap<>(json.readValue(check(
                    response.getStatusCode(), response.getHeaders(), response.getBody().readAllBytes()), MAP));
            final String status = response.getHeaders().getFirst(READ_MODEL_STATUS);
            if (status != null) {
                answer.put(READ_MODEL, status);
            }
            return answer;
        });
    }

    private byte[] check(final HttpStatusCode status, final HttpHeaders headers, final byte[] body) {
        if (status.is2xxSuccessful()) {
            return body;
        }
        String code = "HTTP_" + status.value();
        String detail = "";
        final List<String> fields = new java.util.ArrayList<>();
        try {
            final JsonNode problem = json.readTree(body);
            code = problem.path("code").asText(code);
            detail = problem.path("detail").asText("");
            problem.path("errors").forEach(error -> {
                if (error.path("field").isTextual() && !fields.contains(error.path("field").asText())) {
                    fields.add(error.path("field").asText());
                }
            });
        } catch (IOException notJson) {
            // keep the HTTP status as the code
        }
        long retryAfter = 0;
        try {
            final String header = headers.getFirst(HttpHeaders.RETRY_AFTER);
            retryAfter = header == null ? 0 : Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException httpDate) {
            // the gateway sends seconds; a date is left unsaid
        }
        throw new GatewayProblem(status.value(), code, detail, retryAfter, fields);
    }

    private <T> T call(final Call<T> call) {
        try {
            return call.run();
        } catch (ResourceAccessException e) {
            throw new GatewayProblem(503, GatewayProblem.UNREACHABLE, e.getMessage());
        } catch (IOException e) {
            throw new GatewayProblem(502, "GATEWAY_ANSWER_UNREADABLE", e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private void key(final HttpHeaders headers, final String apiKey) {
        if (apiKey != null && apiKey.startsWith(BEARER)) {
            headers.set(HttpHeaders.AUTHORIZATION, apiKey);
        } else if (apiKey != null) {
            headers.set("X-Api-Key", apiKey);
        }
        // The gateway counts consumers' verifications per visitor: the portal, a proxy it trusts, names the visitor
        // it serves (never its own address, which every visitor would share).
        final String address = visitor.current();
        if (address != null) {
            headers.set("X-Forwarded-For", address);
        }
    }

    private void write(final HttpHeaders headers, final String apiKey, final String idempotencyKey) {
        key(headers, apiKey);
        headers.set("Idempotency-Key", idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString() : idempotencyKey);
        // The partner's next page must not contradict what was just done (the gateway's lists lag the ledger).
        headers.set("Read-Your-Writes", "wait");
    }
}
