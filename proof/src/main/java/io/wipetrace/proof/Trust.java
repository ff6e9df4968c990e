package io.wipetrace.proof;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The alliance's trust file (docs/proof-bundle.md, "Trust file"): the values a verifier pins instead of believing a
 * bundle: the EVM chain, the anchor contract and the transaction that deployed it, how deep an anchor must be, and
 * the member organisations' CA certificates. Read strictly: any unknown, missing or ill-typed member refuses the file.
 *
 * @param alliance the alliance's name
 * @param channel the Fabric channel
 * @param chainId the EVM chain ID, positive
 * @param anchorContract the anchor contract's address, {@code 0x} and 40 lower-case hex digits
 * @param deploymentTransaction the transaction that created it, {@code 0x} and 64 lower-case hex digits
 * @param confirmations how many blocks deep an anchor must be (1 = in the head block), or {@link #FINALIZED}
 * @param memberCertificateAuthorities each member's MSP ID and its CA certificate(s), PEM
 * @param sha256 the SHA-256 of the file's bytes, lower-case hex (certificates print it)
 */
public record Trust(String alliance, String channel, long chainId, String anchorContract,
        String deploymentTransaction, int confirmations, Map<String, String> memberCertificateAuthorities,
        String sha256) {

    /** The trust file's {@code format}. */
    public static final String FORMAT = "wipetrace-trust";
    /** The trust file version this code reads. */
    public static final int VERSION = 1;
    /** {@link #confirmations()} when the file says {@code "finalized"}. */
    public static final int FINALIZED = 0;

    private static final Set<String> MEMBERS = Set.of("format", "version", "alliance", "channel", "chainId",
            "anchorContract", "deploymentTransaction", "confirmations", "memberCertificateAuthorities");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern TRANSACTION = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Keeps the CA map unmodifiable and in name order. */
    public Trust {
        memberCertificateAuthorities = Collections.unmodifiableMap(new TreeMap<>(memberCertificateAuthorities));
    }

    /** @return whether anchors must be at or below the chain's {@code finalized} block */
    public boolean finalized() {
        return confirmations == FINALIZED;
    }

    /**
     * Reads a trust file.
     *
     * @param file the file's bytes
     * @return the trust it pins
     * @throws IllegalArgumentException naming the first member that is wrong
     */
    public static Trust parse(final byte[] file) {
        final JsonNode root;
        try {
            root = JSON.readTree(file);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the trust file is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the trust file is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the trust file is not a JSON object");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("the trust file has an unknown member '" + name + "'");
            }
        });
        require(FORMAT.equals(text(root, "format")), "its format is not " + FORMAT);
        require(root.path("version").isIntegralNumber() && root.path("version").asLong() == VERSION,
                "its version is not " + VERSION);
        final JsonNode chainId = root.path("chainId");
        require(chainId.isIntegralNumber() && chainId.canConvertToLong() && chainId.asLong() > 0,
                "its chainId is not a positive integer");
        final String contract = text(root, "anchorContract");
        require(ADDRESS.matcher(contract).matches(), "its anchorContract is not 0x and 40 hex digits");
        final String deployment = text(root, "deploymentTransaction");
        require(TRANSACTION.matcher(deployment).matches(), "its deploymentTransaction is not 0x and 64 hex digits");
        final JsonNode depth = root.path("confirmations");
        final int confirmations;
        if (depth.isTextual() && "finalized".equals(depth.asText())) {
            confirmations = FINALIZED;
        } else {
            require(depth.isIntegralNumber() && depth.canConvertToInt() && depth.asInt() > 0,
                    "its confirmations is neither a positive integer nor \"finalized\"");
            confirmations = depth.asInt();
        }
        final JsonNode cas = root.path("memberCertificateAuthorities");
        require(cas.isObject() && !cas.isEmpty(), "its memberCertificateAuthorities is not a non-empty object");
        final Map<String, String> pems = new LinkedHashMap<>();
        cas.fields().forEachRemaining(entry -> {
            require(entry.getValue().isTextual(), "the CA of " + entry.getKey() + " is not PEM text");
            pems.put(entry.getKey(), entry.getValue().asText());
            certificates(entry.getKey(), entry.getValue().asText());
        });
        return new Trust(text(root, "alliance"), text(root, "channel"), chainId.asLong(),
                contract.toLowerCase(Locale.ROOT), deployment.toLowerCase(Locale.ROOT),
                confirmations, pems, Sha256.hex(file));
    }

    /** @return every member CA certificate, in MSP ID order */
    public List<X509Certificate> certificateAuthorities() {
        final List<X509Certificate> all = new ArrayList<>();
        memberCertificateAuthorities.forEach((msp, pem) -> all.addAll(certificates(msp, pem)));
        return all;
    }

    private static List<X509Certificate> certificates(final String msp, final String pem) {
        try {
            final List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .forEach(c -> certificates.add((X509Certificate) c));
            require(!certificates.isEmpty(), "the CA of " + msp + " holds no certificate");
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the trust file: the CA of " + msp + " is not a PEM certificate", e);
        }
    }

    private static String text(final JsonNode root, final String member) {
        final JsonNode value = root.path(member);
        require(value.isTextual() && !value.asText().isBlank(), "its " + member + " is not a text");
        return value.asText();
    }

    private static void require(final boolean condition, final String failure) {
        if (!condition) {
            throw new IllegalArgumentException("the trust file: " + failure);
        }
    }

}
