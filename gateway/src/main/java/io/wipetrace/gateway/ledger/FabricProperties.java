package io.wipetrace.gateway.ledger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the Fabric network is and who the gateway is on it ({@code wipetrace.fabric.*}).
 *
 * @param channel the channel the chaincode is committed on
 * @param chaincode the chaincode name, as committed on the channel
 * @param deadlines how long each kind of gRPC call may take
 * @param identities one client identity per organisation, keyed by a short organisation key such as {@code collector}
 */
@Validated
@ConfigurationProperties("wipetrace.fabric")
public record FabricProperties(
        @NotBlank @DefaultValue("wipetrace") String channel,
        @NotBlank @DefaultValue("wipetrace") String chaincode,
        @NotNull @Valid @DefaultValue Deadlines deadlines,
        @NotEmpty(message = "no Fabric identities are configured; ./wipetrace up writes them to"
                        + " $WIPETRACE_STATE/gateway/network.yml, which the gateway imports")
                Map<String, @NotNull @Valid Identity> identities) {

    /** Keeps the identities in the order the configuration lists them, and unmodifiable. */
    public FabricProperties {
        identities = identities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(identities));
    }

    /**
     * Deadlines per kind of call, counted from the start of each call.
     *
     * @param evaluate running a read on one peer
     * @param endorse collecting endorsements for a write
     * @param submit handing the endorsed transaction to the orderers
     * @param commitStatus waiting for the transaction to be committed in a block
     */
    public record Deadlines(
            @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration evaluate,
            @NotNull @DurationMin(millis = 1) @DefaultValue("15s") Duration endorse,
            @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration submit,
            @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration commitStatus) {}

    /**
     * One organisation's client identity and the peer its gateway connects to.
     *
     * @param mspId the organisation's MSP ID, e.g. {@code CollectorOrgMSP}
     * @param peerEndpoint the peer's gateway endpoint, {@code host:port}
     * @param overrideAuthority the host name in the peer's TLS certificate, when it differs from the endpoint's host
     * @param tlsRootCert PEM CA certificate the peer's TLS certificate must chain to
     * @param certificate PEM X.509 certificate of the client identity
     * @param keyDirectory directory holding exactly one file: the identity's PEM private key
     */
    public record Identity(
            @NotBlank String mspId,
            @NotBlank
                    @Pattern(
                            regexp = "(\\[[0-9A-Fa-f:.]+]|[^:\\s\\[\\]]+):\\d{1,5}",
                            message = "must be host:port, e.g. 127.0.0.1:7210")
                    String peerEndpoint,
            String overrideAuthority,
            @NotNull @ReadablePath(kind = ReadablePath.Kind.FILE) Path tlsRootCert,
            @NotNull @ReadablePath(kind = ReadablePath.Kind.FILE) Path certificate,
            @NotNull @ReadablePath(kind = ReadablePath.Kind.DIRECTORY) Path keyDirectory) {}
}
