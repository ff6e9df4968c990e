package io.wipetrace.chaincode;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;

/**
 * How the chaincode service listens, read from the environment the network scripts set.
 *
 * @param address where to listen ({@code CHAINCODE_SERVER_ADDRESS}, {@code host:port})
 * @param chaincodeId the package ID the peers know this chaincode by ({@code CORE_CHAINCODE_ID_NAME})
 * @param tls the server's TLS material, absent to serve plain gRPC
 */
record ServerSettings(InetSocketAddress address, String chaincodeId, Optional<Tls> tls) {

    static final String ADDRESS = "CHAINCODE_SERVER_ADDRESS";
    static final String CHAINCODE_ID = "CORE_CHAINCODE_ID_NAME";
    static final String TLS_CERT_FILE = "CHAINCODE_TLS_CERT_FILE";
    static final String TLS_KEY_FILE = "CHAINCODE_TLS_KEY_FILE";
    static final String TLS_CLIENT_CA_FILE = "CHAINCODE_TLS_CLIENT_CA_FILE";

    private static final Pattern HOST_PORT = Pattern.compile("(?<host>\\[[0-9A-Fa-f:.]+]|[^:\\s]+):(?<port>\\d{1,5})");

    /**
     * TLS for the chaincode server.
     *
     * @param certificateChain PEM certificate chain the server presents
     * @param privateKey PEM private key of that certificate
     * @param clientCa PEM CA certificates a peer's client certificate must chain to; absent for server-only TLS
     */
    record Tls(Path certificateChain, Path privateKey, Optional<Path> clientCa) {}

    /**
     * Reads and checks the settings.
     *
     * @param env the process environment
     * @return the settings
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    static ServerSettings fromEnvironment(final Map<String, String> env) {
        final String chaincodeId = required(
                env, CHAINCODE_ID, "the chaincode package ID the peers approved, e.g. wipetrace_0.1.0:<package hash>");
        final String address = required(env, ADDRESS, "host:port to listen on, e.g. 127.0.0.1:7300");
        return new ServerSettings(parseAddress(address), chaincodeId, tls(env));
    }

    ChaincodeServerProperties toServerProperties() {
        final ChaincodeServerProperties properties = new ChaincodeServerProperties();
        properties.setServerAddress(address);
        tls.ifPresent(material -> {
            properties.setTlsEnabled(true);
            properties.setKeyCertChainFile(material.certificateChain().toString());
            properties.setKeyFile(material.privateKey().toString());
            material.clientCa().ifPresent(ca -> properties.setTrustCertCollectionFile(ca.toString()));
        });
        return properties;
    }

    private static String required(final Map<String, String> env, final String name, final String meaning) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set; it must hold " + meaning);
        }
        return value.strip();
    }

    private static InetSocketAddress parseAddress(final String address) {
        final Matcher matcher = HOST_PORT.matcher(address);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(ADDRESS + " must be host:port, e.g. 127.0.0.1:7300, but was " + address);
        }
        final int port = Integer.parseInt(matcher.group("port"));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(ADDRESS + " has port " + port + ", outside 1 to 65535");
        }
        final String host = matcher.group("host").replace("[", "").replace("]", "");
        return new InetSocketAddress(host, port);
    }

    private static Optional<Tls> tls(final Map<String, String> env) {
        final Optional<Path> certificate = file(env, TLS_CERT_FILE);
        final Optional<Path> key = file(env, TLS_KEY_FILE);
        final Optional<Path> clientCa = file(env, TLS_CLIENT_CA_FILE);
        if (certificate.isEmpty() && key.isEmpty()) {
            if (clientCa.isPresent()) {
                throw new IllegalArgumentException(
                        TLS_CLIENT_CA_FILE + " needs " + TLS_CERT_FILE + " and " + TLS_KEY_FILE);
            }
            return Optional.empty();
        }
        if (certificate.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("TLS needs both " + TLS_CERT_FILE + " and " + TLS_KEY_FILE + "; only "
                    + (certificate.isPresent() ? TLS_CERT_FILE : TLS_KEY_FILE) + " is set");
        }
        return Optional.of(new Tls(certificate.get(), key.get(), clientCa));
    }

    private static Optional<Path> file(final Map<String, String> env, final String name) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        final Path path = Path.of(value.strip());
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(name + " names " + path + ", which is not a readable file");
        }
        return Optional.of(path);
    }
}
