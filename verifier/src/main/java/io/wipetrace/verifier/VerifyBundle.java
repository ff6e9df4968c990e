package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar wipetrace-verifier.jar bundle.json [--rpc URL]}: prints what it checked; exits 0 when everything
 * holds, 1 with the precise reason when something does not, 2 when it cannot read its input.
 */
public final class VerifyBundle {

    private VerifyBundle() {}

    /**
     * @param args the bundle file, then optionally {@code --rpc} and an EVM JSON-RPC URL
     */
    public static void main(final String[] args) {
        System.exit(run(args));
    }

    static int run(final String[] args) {
        if (args.length != 1 && !(args.length == 3 && "--rpc".equals(args[1]))) {
            System.err.println("usage: java -jar wipetrace-verifier.jar bundle.json [--rpc URL]");
            return 2;
        }
        final JsonNode bundle;
        try {
            bundle = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        } catch (IOException e) {
            System.err.println("cannot read " + args[0] + ": " + e.getMessage());
            return 2;
        }
        final BundleVerifier.AnchorLookup chain = args.length == 3 ? new JsonRpcAnchorLookup(URI.create(args[2])) : null;
        final BundleVerifier.Result result = BundleVerifier.check(bundle, chain);
        result.checked().forEach(line -> System.out.println("ok: " + line));
        if (result.verified()) {
            System.out.println(chain == null
                    ? "VERIFIED (offline: Merkle paths, anchor hashes and signatures; add --rpc URL to check the chain)"
                    : "VERIFIED");
            return 0;
        }
        System.out.println("NOT VERIFIED: " + result.failure());
        return 1;
    }
}
