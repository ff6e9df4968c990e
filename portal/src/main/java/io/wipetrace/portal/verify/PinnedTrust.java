package io.wipetrace.portal.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.portal.PortalProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The values the consumer's browser checks proof bundles against, read once at start from the alliance's trust file
 * (docs/proof-bundle.md, "Trust file"): chain ID, anchor contract, its deployment transaction and the confirmations.
 * Never taken from the gateway's bundle. A configured file that is not a valid {@code wipetrace-trust} file of version
 * 1 stops the portal from starting rather than serving pages that check against nothing.
 */
@Component
class PinnedTrust {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final Pattern TRANSACTION = Pattern.compile("0x[0-9a-fA-F]{64}");

    private final Optional<String> json;

    PinnedTrust(final PortalProperties properties, final ObjectMapper mapper) {
        if (properties.trustFile().isEmpty()) {
            json = Optional.empty();
            return;
        }
        final Path file = Path.of(properties.trustFile());
        final JsonNode trust;
        try {
            trust = mapper.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trust file " + file, e);
        }
        try {
            json = Optional.of(mapper.writeValueAsString(pinned(trust, file)).replace("</", "<\\/"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the pinned values as JSON, safe inside a script element, or empty if no trust file is configured */
    Optional<String> json() {
        return json;
    }

    private static Map<String, Object> pinned(final JsonNode trust, final Path file) {
        final JsonNode confirmations = trust.path("confirmations");
        if (!trust.isObject() || !"wipetrace-trust".equals(trust.path("format").textValue())
                || !trust.path("version").isIntegralNumber() || trust.path("version").asLong() != 1
                || !trust.path("chainId").canConvertToLong() || !trust.path("chainId").isIntegralNumber()
                || trust.path("chainId").asLong() <= 0
                || !matches(ADDRESS, trust.path("anchorContract"))
                || !matches(TRANSACTION, trust.path("deploymentTransaction"))
                || !(confirmations.isIntegralNumber() && confirmations.canConvertToInt() && confirmations.asInt() > 0
                        || "finalized".equals(confirmations.textValue()))) {
            throw new IllegalStateException(file + " is not a wipetrace-trust file of version 1 with a chainId, a"
                    + " lower-case anchorContract, a deploymentTransaction and confirmations (> 0 or \"finalized\")");
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("chainId", trust.path("chainId").asLong());
        out.put("anchorContract", trust.path("anchorContract").textValue());
        out.put("deploymentTransaction", trust.path("deploymentTransaction").textValue().toLowerCase(java.util.Locale.ROOT));
        out.put("confirmations", confirmations.isIntegralNumber() ? (Object) confirmations.asInt() : "finalized");
        return out;
    }

    private static boolean matches(final Pattern pattern, final JsonNode node) {
        return node.isTextual() && pattern.matcher(node.textValue()).matches();
    }
}
