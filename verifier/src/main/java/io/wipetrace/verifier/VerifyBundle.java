package io.wipetrace.verifier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.Trust;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar wipetrace-verifier.jar bundle.json --trust FILE [--rpc URL] [--certificate cert.pdf] [--json]}:
 * checks a proof bundle (docs/proof-bundle.md) and prints every check that held, what the checked events say, and
 * the verdict. Exit codes: 0 verified (also {@code VERIFIED OFFLINE}, which is not a proof), 1 rejected, 2 bad
 * input (usage, unreadable files, a malformed trust file), 3 not checked (the chain could not be asked). With
 * {@code --json} it prints one JSON object {@code {verdict, code, reason, checked, summary}} instead.
 */
public final class VerifyBundle {

    static final String USAGE = "usage: java -jar wipetrace-verifier.jar bundle.json --trust wipetrace-trust.json"
            + " [--rpc URL] [--certificate certificate.pdf] [--json]";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private VerifyBundle() {}

    /** @param args the bundle file and the options of {@link #USAGE} */
    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command's options. */
    private record Options(Path bundle, Path trust, String rpc, Path certificate, boolean json) {

        static Options parse(final String[] args) {
            Path bundle = null;
            Path trust = null;
            String rpc = null;
            Path certificate = null;
            boolean json = false;
            for (int i = 0; i < args.length; i++) {
                final String arg = args[i];
                final boolean valued = List.of("--trust", "--rpc", "--certificate").contains(arg);
                if (valued && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                    return null;
                }
                switch (arg) {
                    case "--trust" -> trust = trust == null ? Path.of(args[++i]) : null;
                    case "--rpc" -> rpc = rpc == null ? args[++i] : "";
                    case "--certificate" -> certificate = certificate == null ? Path.of(args[++i]) : null;
                    case "--json" -> json = true;
                    default -> {
                        if (arg.startsWith("--") || bundle != null) {
                            return null;
                        }
                        bundle = Path.of(arg);
                    }
                }
            }
            return bundle == null || trust == null || "".equals(rpc) ? null
                    : new Options(bundle, trust, rpc, certificate, json);
        }
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err) {
        final Options options = Options.parse(args);
        if (options == null) {
            err.println(USAGE);
            return 2;
        }
        final byte[] bundleBytes;
        final Trust trust;
        final byte[] certificate;
        try {
            bundleBytes = Files.readAllBytes(options.bundle());
            trust = Trust.parse(Files.readAllBytes(options.trust()));
            certificate = options.certificate() != null ? Files.readAllBytes(options.certificate()) : null;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the input: " + e.getMessage());
            return 2;
        }
        BundleVerifier.Result result = verify(bundleBytes, trust,
                options.rpc() != null ? JsonRpcChain.http(URI.create(options.rpc())) : null);
        if (certificate != null && result.verified()) {
            result = withCertificate(result, CertificateCheck.check(certificate, bundleBytes,
                    trust.certificateAuthorities()));
        }
        if (options.json()) {
            out.println(json(result));
        } else {
            print(result, out);
        }
        return switch (result.verdict()) {
            case VERIFIED, VERIFIED_OFFLINE -> 0;
            case REJECTED -> 1;
            case NOT_CHECKED -> 3;
        };
    }

    private static BundleVerifier.Result verify(final byte[] bundle, final Trust trust, final Chain chain) {
        try {
            return BundleVerifier.check(JSON.readTree(bundle), trust, chain);
        } catch (IOException e) {
            final String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            return new BundleVerifier.Result(BundleVerifier.Verdict.REJECTED, "BUNDLE_MALFORMED",
                    "the bundle is not JSON: " + reason, List.of(), null);
        }
    }

    /** The certificate's checks follow the bundle's; a certificate that fails rejects the whole. */
    private static BundleVerifier.Result withCertificate(final BundleVerifier.Result bundle,
            final CertificateCheck.Result certificate) {
        final List<String> checked = new ArrayList<>(bundle.checked());
        certificate.checked().forEach(line -> checked.add("certificate: " + line));
        return certificate.verified()
                ? new BundleVerifier.Result(bundle.verdict(), null, null, checked, bundle.summary())
                : new BundleVerifier.Result(BundleVerifier.Verdict.REJECTED, "CERTIFICATE_INVALID",
                        "certificate: " + certificate.failure(), checked, null);
    }

    /** The {@code --json} output. */
    static String json(final BundleVerifier.Result result) {
        final ObjectNode node = JSON.createObjectNode().put("verdict", result.verdict().name())
                .put("code", result.code()).put("reason", result.reason());
        result.checked().forEach(node.putArray("checked")::add);
        node.set("summary", JSON.valueToTree(result.summary()));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of texts always serialises", e);
        }
    }

    private static void print(final BundleVerifier.Result result, final PrintStream out) {
        result.checked().forEach(line -> out.println("ok: " + line));
        final BundleVerifier.Summary summary = result.summary();
        if (summary != null) {
            out.println("summary: device " + summary.deviceId() + ", " + summary.events() + " events, state "
                    + summary.state() + ", held by " + summary.custodianMspId());
            for (final BundleVerifier.Erasure erasure : summary.erasures()) {
                out.println("summary: erasure " + erasure.reportId() + " at " + erasure.recordedAt() + ": method "
                        + erasure.method() + ", technique " + erasure.technique() + ", standard "
                        + erasure.standard() + ", result " + erasure.result() + ", verification "
                        + erasure.verificationMode() + ", station " + erasure.stationId() + " ("
                        + erasure.algorithm() + ")");
            }
            if (summary.storageDestroyed() != null) {
                out.println("summary: storage destroyed at " + summary.storageDestroyed().recordedAt() + " by "
                        + summary.storageDestroyed().method() + " (evidence SHA-256 "
                        + summary.storageDestroyed().evidenceSha256() + ")");
            }
            if ("RETURNED".equals(summary.state())) {
                out.println("summary: returned to its owner unwiped: the recycler erased nothing on this device");
            }
            if (summary.smelted() != null) {
                out.println("summary: smelted at " + summary.smelted().recordedAt() + " in lot "
                        + summary.smelted().lotId());
            }
        }
        out.println(switch (result.verdict()) {
            case VERIFIED -> "VERIFIED";
            case VERIFIED_OFFLINE -> "VERIFIED OFFLINE: every rule but the chain's held; this is not a proof, only"
                    + " the chain makes the roots public (add --rpc URL)";
            case REJECTED -> "NOT VERIFIED [" + result.code() + "]: " + result.reason();
            case NOT_CHECKED -> "NOT CHECKED [" + result.code() + "]: " + result.reason();
        });
    }
}
