package io.wipetrace.gateway.anchoring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how the gateway anchors ({@code wipetrace.anchoring.*}); the network's EVM step writes the chain part to
 * {@code <state>/gateway/evm.yml}.
 *
 * @param enabled whether the anchoring service runs
 * @param rpcUrl the EVM JSON-RPC endpoint
 * @param chainId the chain's ID, checked against the node's at start
 * @param contractAddress the {@code WipeTraceAnchor} contract
 * @param keyFile a file holding the anchoring account's private key (hex); never logged
 * @param organisation whose Fabric identity records anchors back on the channel (a regulator)
 * @param windowEvents a window closes when it holds this many events
 * @param windowAge or when its oldest event is this old
 * @param windowMaxEvents the most events one window takes: a window is planned only once the one before it is
 *     recorded, and then takes every event since, up to this many (whole blocks)
 * @param confirmations EVM blocks on top of the anchor's before it counts as final
 * @param poll how often the service looks for work
 * @param gasLimit the gas limit of an anchoring transaction
 * @param headBucketBits the bits of a key's hash that choose its bucket in the head trees, which hold each bucket's
 *     hash and read a bucket's heads from the table when one of them is put or proven: 16 gives 65,536 buckets, a few
 *     keys each at a million keys, and about 5.6 MB of heap a tree
 * @param trustFile the alliance's trust file ({@code wipetrace-trust.json}, docs/proof-bundle.md) that verifiers pin;
 *     its SHA-256 is printed on certificates. Optional.
 */
@Validated
@ConfigurationProperties("wipetrace.anchoring")
public record AnchoringProperties(
        @DefaultValue("false") boolean enabled,
        String rpcUrl,
        @DefaultValue("0") long chainId,
        String contractAddress,
        Path keyFile,
        @NotBlank @DefaultValue("regulator") String organisation,
        @Min(1) @DefaultValue("100") int windowEvents,
        @NotNull @DefaultValue("30s") Duration windowAge,
        @Min(1) @DefaultValue("10000") int windowMaxEvents,
        @Min(1) @DefaultValue("2") int confirmations,
        @NotNull @DefaultValue("1s") Duration poll,
        @Min(21_000) @DefaultValue("300000") long gasLimit,
        @Min(1) @Max(20) @DefaultValue("16") int headBucketBits,
        Path trustFile) {}
