package io.wipetrace.gateway.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.client.GatewayException;
import org.springframework.stereotype.Component;

/** Asks an organisation's own peer for the channel's chain info, through the query system chaincode (qscc). */
@Component
public final class ChainInfoQuery {

    private static final String QUERY_SYSTEM_CHAINCODE = "qscc";

    private final FabricGateways gateways;
    private final String channel;

    ChainInfoQuery(final FabricGateways gateways, final FabricProperties properties) {
        this.gateways = gateways;
        this.channel = properties.channel();
    }

    /**
     * Evaluates (never submits) {@code qscc GetChainInfo} on the organisation's own peers.
     *
     * @param orgKey an organisation key from {@link FabricGateways#organisations()}
     * @return the chain as that organisation's peer has committed it
     * @throws GatewayException if the peer cannot be reached or refuses the query
     * @throws InvalidProtocolBufferException if the peer's answer is not a {@code BlockchainInfo}
     */
    public ChainInfo query(final String orgKey) throws GatewayException, InvalidProtocolBufferException {
        final byte[] answer = gateways.network(orgKey)
                .getContract(QUERY_SYSTEM_CHAINCODE)
                .newProposal("GetChainInfo")
                .addArguments(channel)
                .setEndorsingOrganizations(gateways.mspId(orgKey))
                .build()
                .evaluate();
        return ChainInfo.parse(answer);
    }
}
