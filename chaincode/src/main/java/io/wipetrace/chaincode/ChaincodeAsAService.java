package io.wipetrace.chaincode;

import java.io.IOException;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.NettyChaincodeServer;

/**
 * Runs every contract on the classpath as a chaincode service that peers connect to.
 *
 * <p>Environment:
 *
 * <ul>
 *   <li>{@code CHAINCODE_SERVER_ADDRESS}: {@code host:port} to listen on (required);
 *   <li>{@code CORE_CHAINCODE_ID_NAME}: the chaincode package ID (required);
 *   <li>{@code CHAINCODE_TLS_CERT_FILE} and {@code CHAINCODE_TLS_KEY_FILE}: serve TLS with this PEM certificate chain
 *       and key (optional, both or neither);
 *   <li>{@code CHAINCODE_TLS_CLIENT_CA_FILE}: also require peers to present a client certificate from this CA
 *       (optional).
 * </ul>
 *
 * <p>The shim's {@code CORE_PEER_TLS_*} variables, which describe a chaincode that dials the peer, must stay unset.
 */
public final class ChaincodeAsAService {

    private static final Logger LOG = Logger.getLogger(ChaincodeAsAService.class.getName());

    private ChaincodeAsAService() {}

    /**
     * Starts the service and blocks until it is shut down.
     *
     * @param args ignored; configuration comes from the environment
     * @throws IOException if the server cannot listen
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        final ServerSettings settings;
        try {
            settings = ServerSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("wipetrace-chaincode: " + e.getMessage());
            System.exit(2);
            return;
        }

        // ContractRouter reads CORE_CHAINCODE_ID_NAME itself and finds the @Contract classes on the classpath.
        final ContractRouter router = new ContractRouter(new String[0]);
        final NettyChaincodeServer server = new NettyChaincodeServer(router, settings.toServerProperties());
        LOG.info(() -> "Serving chaincode " + settings.chaincodeId() + " on " + settings.address()
                + (settings.tls().isPresent() ? " with TLS" : " without TLS"));
        router.startRouterWithChaincodeServer(server);
    }
}
