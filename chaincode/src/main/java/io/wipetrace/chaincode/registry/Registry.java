package io.wipetrace.chaincode.registry;

import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.chaincode.CompositeKeys;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.Arrays;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;

/**
 * Reads the registry for any contract: organisations and their roles, sites and wiping stations, each under its own
 * composite key. Also the one place that writes registry keys, so that every one of them carries the regulator's
 * key-level endorsement policy.
 */
public final class Registry {

    /**
     * The MSP that may bootstrap an empty registry by registering itself as REGULATOR, and whose peer must endorse any
     * later change to a registry key (the key-level endorsement policy).
     */
    public static final String REGULATOR_MSP = "RegulatorOrgMSP";

    /** Composite key object type of organisations: (mspId). */
    public static final String ORGANISATION_KEY = "registry.organisation";
    /** Composite key object type of sites: (siteId). */
    public static final String SITE_KEY = "registry.site";
    /** Composite key object type of wiping stations: (stationId). */
    public static final String STATION_KEY = "registry.station";

    private final ChaincodeStub stub;
    private final BatchedState state;

    /**
     * Creates a registry view over one transaction.
     *
     * @param stub the transaction's stub
     */
    public Registry(final ChaincodeStub stub) {
        this(stub, new BatchedState(stub));
    }

    /**
     * Creates a registry view over one transaction that reads through the transaction's batched state, so that keys it
     * prefetched with others (see {@link #organisationKey} and {@link #siteKey}) cost no message of their own.
     *
     * @param stub the transaction's stub
     * @param state the transaction's batched state
     */
    public Registry(final ChaincodeStub stub, final BatchedState state) {
        this.stub = stub;
        this.state = state;
    }

    /**
     * The world state key of an organisation.
     *
     * @param mspId its MSP ID
     * @return the key
     */
    public static String organisationKey(final String mspId) {
        return key(ORGANISATION_KEY, mspId);
    }

    /**
     * The world state key of a site.
     *
     * @param siteId its ID
     * @return the key
     */
    public static String siteKey(final String siteId) {
        return key(SITE_KEY, siteId);
    }

    /**
     * Looks up an organisation.
     *
     * @param mspId its MSP ID
     * @return the organisation, if registered
     */
    public Optional<Organisation> findOrganisation(final String mspId) {
        return find(ORGANISATION_KEY, mspId, Organisation.class);
    }

    /**
     * Looks up a site.
     *
     * @param siteId its ID
     * @return the site, if registered
     */
    public Optional<Site> findSite(final String siteId) {
        return find(SITE_KEY, siteId, Site.class);
    }

    /**
     * Looks up a wiping station.
     *
     * @param stationId its ID
     * @return the station, if registered
     */
    public Optional<Station> findStation(final String stationId) {
        return find(STATION_KEY, stationId, Station.class);
    }

    /**
     * The caller's organisation, which must hold one of the roles.
     *
     * @param mspId the caller's verified MSP ID
     * @param anyOf roles, one of which is needed
     * @return the organisation; fails with {@link LedgerError#NOT_REGISTERED} or {@link
     *     LedgerError#ROLE_NOT_HELD}
     */
    public Organisation memberWithRole(final String mspId, final Role... anyOf) {
        final Organisation organisation = member(mspId);
        for (final Role role : anyOf) {
            if (organisation.holds(role)) {
                return organisation;
            }
        }
        throw ContractErrors.refuse(LedgerError.ROLE_NOT_HELD, 
                mspId + " holds " + organisation.roles() + " but this needs one of " + Arrays.toString(anyOf));
    }

    /**
     * The caller's organisation.
     *
     * @param mspId the caller's verified MSP ID
     * @return the organisation; fails with {@link LedgerError#NOT_REGISTERED}
     */
    public Organisation member(final String mspId) {
        return findOrganisation(mspId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.NOT_REGISTERED, 
                        mspId + " is not a registered organisation"));
    }

    /**
     * A site that must belong to an organisation.
     *
     * @param siteId the site
     * @param mspId the organisation that must own it
     * @return the site; fails with {@link LedgerError#SITE_NOT_FOUND} or {@link LedgerError#SITE_NOT_OWNED}
     */
    public Site siteOwnedBy(final String siteId, final String mspId) {
        final Site site = findSite(siteId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.SITE_NOT_FOUND, "no site " + siteId + " is registered"));
        if (!site.mspId().equals(mspId)) {
            throw ContractErrors.refuse(LedgerError.SITE_NOT_OWNED, "site " + siteId + " does not belong to " + mspId);
        }
        return site;
    }

    /**
     * Whether an organisation is registered with the REGULATOR role.
     *
     * @param mspId the MSP ID
     * @return true if it is
     */
    public boolean isRegulator(final String mspId) {
        return findOrganisation(mspId).map(o -> o.holds(Role.REGULATOR)).orElse(false);
    }

    /**
     * Writes a registry key with the regulator's key-level endorsement policy.
     *
     * @param objectType one of the registry key types
     * @param id the record's ID
     * @param value the record
     */
    void put(final String objectType, final String id, final Object value) {
        final String key = key(objectType, id);
        stub.putState(key, LedgerJson.toBytes(value));
        stub.setStateValidationParameter(key, regulatorEndorsementPolicy());
    }

    /**
     * The key-level endorsement policy of registry keys: a peer of {@link #REGULATOR_MSP} must endorse. Fabric applies
     * it to every later transaction that writes the key, so a change endorsed without the regulator's peer is marked
     * invalid at commit.
     *
     * @return the serialised {@code SignaturePolicyEnvelope}
     */
    public static byte[] regulatorEndorsementPolicy() {
        final StateBasedEndorsement policy =
                StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        policy.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, REGULATOR_MSP);
        return policy.policy();
    }

    /**
     * The world state key of a wiping station.
     *
     * @param stationId its ID
     * @return the key
     */
    public static String stationKey(final String stationId) {
        return key(STATION_KEY, stationId);
    }

    private static String key(final String objectType, final String id) {
        return CompositeKeys.of(objectType, id);
    }

    private <T> Optional<T> find(final String objectType, final String id, final Class<T> type) {
        final byte[] stored = state.getState(key(objectType, id));
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(LedgerJson.read(stored, type));
    }
}
