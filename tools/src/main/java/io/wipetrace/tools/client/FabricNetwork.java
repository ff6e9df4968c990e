package io.wipetrace.tools.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * The running network's Fabric gateways, one per organisation identity, opened with the Fabric Gateway SDK from the
 * {@code network.yml} that {@code ./wipetrace up} writes for the gateway under {@code <state>/gateway}: the same
 * identities, peers and channel the gateway uses, without the gateway. Close it to close every connection.
 */
public final class FabricNetwork implements AutoCloseable {

    /** One organisation's identity and peer, as {@code network.yml} names them. */
    public record Identity(String mspId, String peerEndpoint, String overrideAuthority, Path tlsRootCert,
            Path certificate, Path keyDirectory) {}

    /** The channel, the chaincode and the identities by organisation key ({@code collector}, {@code processor}, …). */
    public record Settings(String channel, String chaincode, Map<String, Identity> identities) {

        /** Reads the {@code wipetrace.fabric} section of a gateway's {@code network.yml}. */
        public static Settings read(final Path networkYml) throws IOException {
            final JsonNode fabric = new ObjectMapper(new YAMLFactory()).readTree(networkYml.toFile())
                    .path("wipetrace").path("fabric");
            final Map<String, Identity> identities = new LinkedHashMap<>();
            fabric.path("identities").properties().forEach(org -> {
                final JsonNode id = org.getValue();
                identities.put(org.getKey(), new Identity(id.path("msp-id").asText(), id.path("peer-endpoint").asText(),
                        id.path("override-authority").asText(""), Path.of(id.path("tls-root-cert").asText()),
                        Path.of(id.path("certificate").asText()), Path.of(id.path("key-directory").asText())));
            });
            if (identities.isEmpty()) {
                throw new IllegalStateException("no Fabric identities in " + networkYml + "; run ./wipetrace up first");
            }
            return new Settings(fabric.path("channel").asText("wipetrace"), fabric.path("chaincode").asText("wipetrace"),
                    Map.copyOf(identities));
        }
    }

    // gRPC's start-up notes (java.util.logging, INFO) stay out of the tools' figures, as under the gateway's WARN.
    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

    static {
        GRPC_LOG.setLevel(Level.WARNING);
    }

    // The gateway's default deadlines (wipetrace.fabric.deadlines).
    private static final Duration EVALUATE = Duration.ofSeconds(5);
    private static final Duration ENDORSE = Duration.ofSeconds(15);
    private static final Duration SUBMIT = Duration.ofSeconds(5);
    private static final Duration COMMIT_STATUS = Duration.ofSeconds(60);

    private final Settings settings;
    private final Map<String, Gateway> gateways = new LinkedHashMap<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    private FabricNetwork(final Settings settings) {
        this.settings = settings;
    }

    /** Connects to every organisation's peer named in {@code <state>/gateway/network.yml}. */
    public static FabricNetwork open(final Path state) throws IOException, GeneralSecurityException {
        final FabricNetwork network = new FabricNetwork(Settings.read(state.resolve("gateway/network.yml")));
        try {
            for (Map.Entry<String, Identity> org : network.settings.identities().entrySet()) {
                network.gateways.put(org.getKey(), network.connect(org.getValue()));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** A contract of the network's chaincode, through the organisation's gateway. */
    public Contract contract(final String orgKey, final String contractName) {
        return channel(orgKey).getContract(settings.chaincode(), contractName);
    }

    /**
     * The channel's height (its number of blocks) as the organisation's peer knows it: {@code qscc GetChainInfo},
     * evaluated there.
     */
    public long height(final String orgKey) {
        final Network channel = channel(orgKey);
        try {
            return BlockchainInfo.parseFrom(channel.getContract("qscc")
                    .evaluateTransaction("GetChainInfo", settings.channel())).getHeight();
        } catch (GatewayException | InvalidProtocolBufferException e) {
            throw new IllegalStateException("the " + orgKey + " peer did not tell the channel's height", e);
        }
    }

    /** The channel through the organisation's gateway. */
    private Network channel(final String orgKey) {
        final Gateway gateway = gateways.get(orgKey);
        if (gateway == null) {
            throw new IllegalArgumentException("no Fabric identity for " + orgKey + "; known: " + gateways.keySet());
        }
        return gateway.getNetwork(settings.channel());
    }

    private Gateway connect(final Identity identity) throws IOException, GeneralSecurityException {
        final X509Certificate certificate;
        try (Reader reader = Files.newBufferedReader(identity.certificate())) {
            certificate = Identities.readX509Certificate(reader);
        }
        final PrivateKey key;
        try (Stream<Path> files = Files.list(identity.keyDirectory()); Reader reader = Files.newBufferedReader(
                files.filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IOException(
                        "no private key in " + identity.keyDirectory())))) {
            key = Identities.readPrivateKey(reader);
        }
        final ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(identity.peerEndpoint(),
                TlsChannelCredentials.newBuilder().trustManager(identity.tlsRootCert().toFile()).build());
        if (!identity.overrideAuthority().isBlank()) {
            builder.overrideAuthority(identity.overrideAuthority());
        }
        final ManagedChannel channel = builder.build();
        channels.add(channel);
        return Gateway.newInstance().identity(new X509Identity(identity.mspId(), certificate))
                .signer(Signers.newPrivateKeySigner(key)).hash(Hash.SHA256).connection(channel)
                .evaluateOptions(deadline(EVALUATE)).endorseOptions(deadline(ENDORSE))
                .submitOptions(deadline(SUBMIT)).commitStatusOptions(deadline(COMMIT_STATUS)).connect();
    }

    private static UnaryOperator<CallOptions> deadline(final Duration deadline) {
        return options -> options.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        gateways.values().forEach(Gateway::close);
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
