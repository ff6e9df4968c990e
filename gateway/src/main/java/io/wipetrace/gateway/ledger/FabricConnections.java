package io.wipetrace.gateway.ledger;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns one gRPC channel and one {@link Gateway} per organisation identity; {@link #close()} releases them all. */
final class FabricConnections implements FabricGateways, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FabricConnections.class);
    private static final Duration CHANNEL_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final String channelName;
    private final String chaincodeName;
    private final Map<String, Connection> connections;

    private record Connection(String mspId, ManagedChannel channel, Gateway gateway) {}

    private FabricConnections(final FabricProperties properties, final Map<String, Connection> connections) {
        this.channelName = properties.channel();
        this.chaincodeName = properties.chaincode();
        this.connections = Collections.unmodifiableMap(connections);
    }

    /**
     * Opens a gateway for every configured identity. Each channel starts connecting at once without waiting for it, so
     * this succeeds while peers are down; it fails only on unusable identity or TLS material, after closing whatever
     * it had opened.
     */
    static FabricConnections open(final FabricProperties properties) {
        final Map<String, Connection> opened = new LinkedHashMap<>();
        boolean complete = false;
        try {
            properties.identities().forEach((orgKey, identity) ->
                    opened.put(orgKey, connect(orgKey, identity, properties.deadlines())));
            complete = true;
        } finally {
            if (!complete) {
                closeAll(opened);
            }
        }
        LOG.info("Fabric gateways for {} on channel '{}', chaincode '{}'",
                opened.keySet(), properties.channel(), properties.chaincode());
        return new FabricConnections(properties, opened);
    }

    @Override
    public Set<String> organisations() {
        return connections.keySet();
    }

    @Override
    public String mspId(final String orgKey) {
        return connection(orgKey).mspId();
    }

    @Override
    public Gateway forOrganisation(final String orgKey) {
        return connection(orgKey).gateway();
    }

    @Override
    public Network network(final String orgKey) {
        return forOrganisation(orgKey).getNetwork(channelName);
    }

    @Override
    public Contract contract(final String orgKey) {
        return network(orgKey).getContract(chaincodeName);
    }

    @Override
    public Contract contract(final String orgKey, final String contractName) {
        return network(orgKey).getContract(chaincodeName, contractName);
    }

    @Override
    public void close() {
        closeAll(connections);
    }

    private Connection connection(final String orgKey) {
        final Connection connection = connections.get(orgKey);
        if (connection == null) {
            throw new UnknownOrganisationException(orgKey, connections.keySet());
        }
        return connection;
    }

    private static Connection connect(
            final String orgKey, final FabricProperties.Identity identity, final FabricProperties.Deadlines deadlines) {
        final X509Certificate certificate = readCertificate(orgKey, identity.certificate());
        final PrivateKey privateKey = readPrivateKey(orgKey, identity.keyDirectory());

        final ManagedChannelBuilder<?> channelBuilder =
                Grpc.newChannelBuilder(identity.peerEndpoint(), tlsTrusting(orgKey, identity.tlsRootCert()));
        if (identity.overrideAuthority() != null && !identity.overrideAuthority().isBlank()) {
            channelBuilder.overrideAuthority(identity.overrideAuthority());
        }
        final ManagedChannel channel = channelBuilder.build();
        // Connect now, in the background: the TLS handshake with the peer then overlaps the rest of the start instead
        // of delaying the first call (the health check's, or a retried write's). A peer that is down only leaves the
        // channel in its reconnect backoff, as a lazy connection would.
        channel.getState(true);

        final Gateway gateway = Gateway.newInstance()
                .identity(new X509Identity(identity.mspId(), certificate))
                .signer(EcdsaSigner.of(privateKey))
                .hash(Hash.SHA256)
                .connection(channel)
                .evaluateOptions(deadline(deadlines.evaluate()))
                .endorseOptions(deadline(deadlines.endorse()))
                .submitOptions(deadline(deadlines.submit()))
                .commitStatusOptions(deadline(deadlines.commitStatus()))
                .connect();
        return new Connection(identity.mspId(), channel, gateway);
    }

    private static UnaryOperator<CallOptions> deadline(final Duration deadline) {
        // Evaluated per call, so each call gets the full deadline from its own start.
        return options -> options.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ChannelCredentials tlsTrusting(final String orgKey, final Path tlsRootCert) {
        try {
            return TlsChannelCredentials.newBuilder()
                    .trustManager(tlsRootCert.toFile())
                    .build();
        } catch (IOException e) {
            throw new FabricIdentityException(orgKey, tlsRootCert, "the TLS root certificate is unreadable", e);
        }
    }

    private static X509Certificate readCertificate(final String orgKey, final Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return Identities.readX509Certificate(reader);
        } catch (IOException | CertificateException e) {
            throw new FabricIdentityException(orgKey, file, "not a PEM X.509 certificate", e);
        }
    }

    private static PrivateKey readPrivateKey(final String orgKey, final Path keyDirectory) {
        final Path keyFile = onlyFileIn(orgKey, keyDirectory);
        try (Reader reader = Files.newBufferedReader(keyFile)) {
            return Identities.readPrivateKey(reader);
        } catch (IOException | InvalidKeyException e) {
            throw new FabricIdentityException(orgKey, keyFile, "not a PEM private key", e);
        }
    }

    private static Path onlyFileIn(final String orgKey, final Path directory) {
        final List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new FabricIdentityException(orgKey, directory, "the key directory cannot be listed", e);
        }
        if (files.size() != 1) {
            throw new FabricIdentityException(orgKey, directory,
                    "the key directory must hold exactly one private key file, but holds " + files.size());
        }
        return files.getFirst();
    }

    private static void closeAll(final Map<String, Connection> connections) {
        connections.forEach((orgKey, connection) -> {
            connection.gateway().close();
            shutDown(orgKey, connection.channel());
        });
    }

    private static void shutDown(final String orgKey, final ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(CHANNEL_SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("gRPC channel of '{}' did not finish within {}; cancelling its calls", orgKey,
                        CHANNEL_SHUTDOWN_GRACE);
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
