package io.wipetrace.tools.bench;

import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;

/** What the benchmarks that write through the Fabric client share: a checked submit and the floor's probe check. */
public final class FabricWrites {

    private FabricWrites() {}

    /** Endorses, submits and waits for the commit of one transaction; throws unless it committed as valid. */
    public static void submit(final Contract contract, final String transaction, final String... arguments)
            throws Exception {
        final Status status = contract.newProposal(transaction).addArguments(arguments).build().endorse()
                .submitAsync().getStatus();
        if (!status.isSuccessful()) {
            throw new IllegalStateException(transaction + " " + status.getTransactionId() + ": " + status.getCode());
        }
    }

    /**
     * Accepts a handover right after its offer committed. The offer's commit status came from the offering
     * organisation's peer; every other peer commits the same block a moment later, and one that endorses the
     * acceptance before it has refuses with {@code HANDOVER_NOT_FOUND}. So this waits until the accepting
     * organisation's peer finds the handover, and endorses again while another endorser still refuses, for at most a
     * minute.
     */
    public static void acceptHandover(final Contract acceptor, final String handoverId, final String acceptJson)
            throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                acceptor.evaluateTransaction("GetHandover", handoverId);
                break;
            } catch (GatewayException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
        while (true) {
            try {
                submit(acceptor, "AcceptHandover", handoverId, acceptJson);
                return;
            } catch (GatewayException e) {
                if (!refused(e, "HANDOVER_NOT_FOUND") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** Whether the chaincode refused with this code, as the peers' error details or the message say. */
    private static boolean refused(final GatewayException e, final String code) {
        return String.valueOf(e.getMessage()).contains(code)
                || e.getDetails().stream().anyMatch(detail -> detail.getMessage().contains(code));
    }

    /**
     * The floor transaction ({@code foundation:PutValue}) is the test probe's, which the production chaincode leaves
     * out: stops with what to do when the running chaincode has no {@code foundation} contract.
     */
    public static void requireProbe(final Contract foundation) {
        // A peer that has just (re)connected to the chaincode server, or a busy machine, can miss the first deadlines.
        for (int attempt = 1; ; attempt++) {
            try {
                foundation.evaluateTransaction("GetValue", "bench-probe");
                return;
            } catch (GatewayException e) {
                final io.grpc.Status.Code code = e.getStatus().getCode();
                if ((code == io.grpc.Status.Code.DEADLINE_EXCEEDED || code == io.grpc.Status.Code.UNAVAILABLE)
                        && attempt < 5) {
                    continue;
                }
                if (refused(e, "VALUE_NOT_FOUND")) {
                    return;
                }
                throw new IllegalStateException("the running chaincode has no foundation probe contract, whose"
                        + " one-key write is the benchmark's floor (or it did not answer: " + code + "); deploy the"
                        + " probe build with WIPETRACE_CHAINCODE_PROBE=true ./wipetrace up, then run the benchmark"
                        + " again", e);
            }
        }
    }
}
