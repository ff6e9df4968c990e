package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar wipetrace-verifier.jar bundle.json [--rpc URL] [--certificate cert.pdf [--ca ca.pem]]}: prints
 * what it checked; exits 0 when everything holds, 1 with the precise reason when something does not, 2 when it cannot
 * read its input. With {@code --certificate} it also checks the erasure certificate's signature (and, with
 * {@code --ca}, who issued the signer's certificate) and that the certificate names exactly this bundle.
 */
public final class VerifyBundle {

    private VerifyBundle() {}

    /**
     * @param args the bundle file, then optionally {@code --rpc URL}, {@code --certificate file}, {@code --ca file}
     */
    public static void main(final String[] args) {
        System.exit(run(args));
    }

    private static final String USAGE =
            "usage: java -jar wipetrace-verifier.jar bundle.json [--rpc URL] [--certificate cert.pdf [--ca ca.pem]]";

    static int run(final String[] args) {
        final Map<String, String> options = new HashMap<>();
        if (args.length % 2 != 1) {
            System.err.println(USAGE);
            return 2;
        }
        for (int i = 1; i < args.length; i += 2) {
            if (!List.of("--rpc", "--certificate", "--ca").contains(args[i]) || options.put(args[i], args[i + 1]) != null) {
                System.err.println(USAGE);
                return 2;
            }
        }
        if (options.containsKey("--ca") && !options.containsKey("--certificate")) {
            System.err.println(USAGE);
            return 2;
        }
        final byte[] bundleBytes;
        final JsonNode bundle;
        final List<X509Certificate> cas = new ArrayList<>();
        final byte[] certificate;
        try {
            bundleBytes = Files.readAllBytes(Path.of(args[0]));
            bundle = new ObjectMapper().readTree(bundleBytes);
            certificate = options.containsKey("--certificate")
                    ? Files.readAllBytes(Path.of(options.get("--certificate"))) : null;
            if (options.containsKey("--ca")) {
                try (InputStream in = Files.newInputStream(Path.of(options.get("--ca")))) {
                    CertificateFactory.getInstance("X.509").generateCertificates(in)
                            .forEach(c -> cas.add((X509Certificate) c));
                }
            }
        } catch (IOException | CertificateException e) {
            System.err.println("cannot read the input: " + e.getMessage());
            return 2;
        }
        final String rpc = options.get("--rpc");
        final BundleVerifier.AnchorLookup chain = rpc != null ? new JsonRpcAnchorLookup(URI.create(rpc)) : null;
        final BundleVerifier.Result result = BundleVerifier.check(bundle, chain);
        result.checked().forEach(line -> System.out.println("ok: " + line));
        if (!result.verified()) {
            System.out.println("NOT VERIFIED: " + result.failure());
            return 1;
        }
        if (certificate != null) {
            final CertificateCheck.Result check = CertificateCheck.check(certificate, bundleBytes, cas);
            check.checked().forEach(line -> System.out.println("ok: certificate: " + line));
            if (!check.verified()) {
                System.out.println("NOT VERIFIED: certificate: " + check.failure());
                return 1;
            }
            if (cas.isEmpty()) {
                System.out.println("note: add --ca with the issuing organisation's MSP CA certificate to check who"
                        + " signed the certificate");
            }
        }
        System.out.println(chain == null
                ? "VERIFIED (offline: Merkle paths, anchor hashes and signatures; add --rpc URL to check the chain)"
                : "VERIFIED");
        return 0;
    }
}
