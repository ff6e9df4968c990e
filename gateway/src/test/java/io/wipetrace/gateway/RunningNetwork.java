package io.wipetrace.gateway;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The integration tests run against a real network and a real PostgreSQL named by {@code WIPETRACE_STATE}; the
 * application imports that instance's {@code gateway/network.yml} and {@code gateway/database.yml} exactly as it does
 * in production. Without them the tests fail at once, saying what to start.
 */
public final class RunningNetwork {

    private RunningNetwork() {}

    /** Fails the calling test class unless {@code WIPETRACE_STATE} names the state of a network that is up. */
    public static void require() {
        final String state = System.getenv("WIPETRACE_STATE");
        if (state == null || state.isBlank()) {
            fail("WIPETRACE_STATE is not set. The integration tests run against a real Fabric network and a real"
                    + " PostgreSQL: start them (./wipetrace up) and run the tests with WIPETRACE_STATE set to the"
                    + " state directory, e.g. WIPETRACE_STATE=$HOME/.local/state/wipetrace/up mvn verify -pl gateway"
                    + " -am; or run everything with ./wipetrace test");
        }
        for (String file : new String[] {"network.yml", "database.yml", "evm.yml"}) {
            final Path written = Path.of(state, "gateway", file);
            if (!Files.isReadable(written)) {
                fail(written + " does not exist. WIPETRACE_STATE=" + state + " must be the state directory of a"
                        + " network that is up; ./wipetrace up writes this file when it brings the network up.");
            }
        }
    }
}
