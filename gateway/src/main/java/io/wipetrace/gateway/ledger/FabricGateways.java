package io.wipetrace.gateway.ledger;

import java.util.Set;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Network;

/**
 * The open Fabric gateways, one per configured organisation identity.
 *
 * <p>Connections are opened once at start-up and closed on shutdown; callers never close what they get here. Use
 * {@code evaluate} for reads and {@code submit} for writes.
 */
public interface FabricGateways {

    /**
     * The organisation keys that have an identity, in configuration order.
     *
     * @return keys such as {@code collector} or {@code regulator}
     */
    Set<String> organisations();

    /**
     * The MSP ID of an organisation's identity, e.g. for {@code setEndorsingOrganizations}.
     *
     * @param orgKey an organisation key from {@link #organisations()}
     * @return the MSP ID
     * @throws UnknownOrganisationException if no identity is configured for {@code orgKey}
     */
    String mspId(String orgKey);

    /**
     * The gateway that signs as the organisation's identity and talks to its peer.
     *
     * @param orgKey an organisation key from {@link #organisations()}
     * @return the open gateway
     * @throws UnknownOrganisationException if no identity is configured for {@code orgKey}
     */
    Gateway forOrganisation(String orgKey);

    /**
     * The configured channel, seen through the organisation's gateway.
     *
     * @param orgKey an organisation key from {@link #organisations()}
     * @return the network
     * @throws UnknownOrganisationException if no identity is configured for {@code orgKey}
     */
    Network network(String orgKey);

    /**
     * The configured chaincode's default contract (the one marked {@code @Default}), through the organisation's
     * gateway.
     *
     * @param orgKey an organisation key from {@link #organisations()}
     * @return the contract
     * @throws UnknownOrganisationException if no identity is configured for {@code orgKey}
     */
    Contract contract(String orgKey);

    /**
     * A named contract of the configured chaincode, through the organisation's gateway.
     *
     * @param orgKey an organisation key from {@link #organisations()}
     * @param contractName the contract's name, e.g. {@code foundation}
     * @return the contract; its transactions are invoked as {@code contractName:Transaction}
     * @throws UnknownOrganisationException if no identity is configured for {@code orgKey}
     */
    Contract contract(String orgKey, String contractName);
}
