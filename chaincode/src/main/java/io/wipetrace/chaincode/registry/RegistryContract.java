package io.wipetrace.chaincode.registry;

import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The alliance registry: organisations and their roles, their sites, and the wiping stations whose keys sign erasure
 * reports.
 *
 * <p>Only an organisation registered with the REGULATOR role may write it. <b>Bootstrap:</b> while no organisation is
 * registered, the caller whose verified MSP ID is {@value Registry#REGULATOR_MSP} may register itself, with the
 * REGULATOR role among its roles, as the first organisation. Because that first registration can only be the
 * regulator's own, "the registry is empty" is exactly "{@value Registry#REGULATOR_MSP} is not registered", which the
 * contract checks with one key read.
 *
 * <p>Every registry key is written with a key-level endorsement policy requiring a peer of {@value
 * Registry#REGULATOR_MSP}, so a later change to it endorsed without the regulator's peer is invalidated at commit.
 *
 * <p>Each write emits one {@value #EVENT_NAME} chaincode event whose payload is a {@link RegistryChange}, and returns
 * the record written, all as canonical JSON.
 */
@Contract(
        name = "registry",
        info = @Info(
                title = "WipeTrace registry",
                description = "Organisations, roles, sites and wiping stations; written by the regulator",
                version = "0.1.0",
                license = @License(name = "Apache-2.0"),
                contact = @Contact(name = "WipeTrace")))
public final class RegistryContract implements ContractInterface {

    /** Name of the chaincode event every registry write emits. */
    public static final String EVENT_NAME = "wipetrace.registry";

    static final int MAX_NAME = 128;
    static final int MAX_REASON = 1024;
    static final int MAX_PUBLIC_KEY = 1024;

    private static final Set<String> ORGANISATION_FIELDS = Set.of("mspId", "name", "roles");
    private static final Set<String> SITE_FIELDS = Set.of("siteId", "mspId", "name", "city", "licenceNumber");
    private static final Set<String> STATION_FIELDS = Set.of("stationId", "siteId", "algorithm", "publicKey");

    /**
     * Registers an organisation and its roles.
     *
     * @param ctx the transaction context
     * @param orgJson {@code {"mspId","name","roles":[...]}}; roles are 1 to 5 distinct values of COLLECTOR, LOGISTICS,
     *     PROCESSOR, SMELTER, REGULATOR
     * @return the organisation as stored (roles sorted by name)
     *     <p>Fails with INVALID_ARGUMENT (malformed), NOT_REGULATOR (the caller is not a registered regulator and this
     *     is not the bootstrap described on the class) or ALREADY_REGISTERED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterOrganisation(final Context ctx, final String orgJson) {
        final Fields input = Fields.parse(orgJson, "orgJson", ORGANISATION_FIELDS);
        final String mspId = input.matching("mspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        final String name = input.text("name", MAX_NAME);
        final List<Role> roles = input.enumSet("roles", Role.class, 1);

        final ChaincodeStub stub = ctx.getStub();
        final Registry registry = new Registry(stub);
        final String caller = ctx.getClientIdentity().getMSPID();
        if (registry.findOrganisation(Registry.REGULATOR_MSP).isEmpty()) {
            if (!Registry.REGULATOR_MSP.equals(caller)
                    || !Registry.REGULATOR_MSP.equals(mspId)
                    || !roles.contains(Role.REGULATOR)) {
                throw ContractErrors.refuse(LedgerError.NOT_REGULATOR, "the registry is empty: first "
                        + Registry.REGULATOR_MSP + " must register itself with the REGULATOR role");
            }
        } else {
            requireRegulator(registry, caller);
            if (registry.findOrganisation(mspId).isPresent()) {
                throw ContractErrors.refuse(LedgerError.ALREADY_REGISTERED, "organisation " + mspId + " is registered already");
            }
        }

        final String now = stub.getTxTimestamp().toString();
        final Organisation organisation = new Organisation(mspId, name, roles, now, caller);
        registry.put(Registry.ORGANISATION_KEY, mspId, organisation);
        emit(stub, new RegistryChange("ORGANISATION_REGISTERED", stub.getTxId(), now, organisation, null, null));
        return LedgerJson.toText(organisation);
    }

    /**
     * Registers a site of a registered organisation.
     *
     * @param ctx the transaction context
     * @param siteJson {@code {"siteId","mspId","name","city","licenceNumber"}}
     * @return the site as stored
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGULATOR, ORGANISATION_NOT_FOUND (owner not registered) or
     *     ALREADY_REGISTERED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterSite(final Context ctx, final String siteJson) {
        final Fields input = Fields.parse(siteJson, "siteJson", SITE_FIELDS);
        final String siteId = input.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String mspId = input.matching("mspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        final String name = input.text("name", MAX_NAME);
        final String city = input.text("city", MAX_NAME);
        final String licenceNumber = input.text("licenceNumber", 64);

        final ChaincodeStub stub = ctx.getStub();
        final Registry registry = new Registry(stub);
        requireRegulator(registry, ctx.getClientIdentity().getMSPID());
        if (registry.findOrganisation(mspId).isEmpty()) {
            throw ContractErrors.refuse(LedgerError.ORGANISATION_NOT_FOUND, "organisation " + mspId + " is not registered");
        }
        if (registry.findSite(siteId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.ALREADY_REGISTERED, "site " + siteId + " is registered already");
        }

        final String now = stub.getTxTimestamp().toString();
        final Site site = new Site(siteId, mspId, name, city, licenceNumber, now);
        registry.put(Registry.SITE_KEY, siteId, site);
        emit(stub, new RegistryChange("SITE_REGISTERED", stub.getTxId(), now, null, site, null));
        return LedgerJson.toText(site);
    }

    /**
     * Registers a wiping station at a site; it starts ACTIVE and belongs to the site's organisation.
     *
     * @param ctx the transaction context
     * @param stationJson {@code {"stationId","siteId","algorithm":"ECDSA_P256"|"ED25519"|"SM2","publicKey"}}, the key
     *     being base64 (standard, padded) of the DER X.509 SubjectPublicKeyInfo: for ECDSA_P256 an id-ecPublicKey on
     *     secp256r1, for ED25519 id-Ed25519, for SM2 an id-ecPublicKey on sm2p256v1
     * @return the station as stored
     *     <p>Fails with INVALID_ARGUMENT, INVALID_PUBLIC_KEY (not a key of that algorithm, or not in DER), NOT_REGULATOR,
     *     SITE_NOT_FOUND or ALREADY_REGISTERED.
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RegisterStation(final Context ctx, final String stationJson) {
        final Fields input = Fields.parse(stationJson, "stationJson", STATION_FIELDS);
        final String stationId = input.matching("stationId", Fields.ID, Fields.ID_RULE);
        final String siteId = input.matching("siteId", Fields.ID, Fields.ID_RULE);
        final SignatureAlgorithm algorithm = input.enumValue("algorithm", SignatureAlgorithm.class);
        final String publicKey = input.text("publicKey", MAX_PUBLIC_KEY);
        final byte[] encodedKey;
        try {
            encodedKey = java.util.Base64.getDecoder().decode(publicKey);
        } catch (IllegalArgumentException e) {
            throw ContractErrors.refuse(LedgerError.INVALID_PUBLIC_KEY, "publicKey must be base64 (standard alphabet, padded)");
        }
        if (!algorithm.acceptsPublicKey(encodedKey)) {
            throw ContractErrors.refuse(LedgerError.INVALID_PUBLIC_KEY, 
                    "publicKey is not a DER SubjectPublicKeyInfo holding a valid " + algorithm + " public key");
        }

        final ChaincodeStub stub = ctx.getStub();
        final Registry registry = new Registry(stub);
        requireRegulator(registry, ctx.getClientIdentity().getMSPID());
        final Site site = registry.findSite(siteId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.SITE_NOT_FOUND, "no site " + siteId + " is registered"));
        if (registry.findStation(stationId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.ALREADY_REGISTERED, "station " + stationId + " is registered already");
        }

        final String now = stub.getTxTimestamp().toString();
        final Station station = new Station(
                stationId, siteId, site.mspId(), algorithm, publicKey, StationStatus.ACTIVE, now, null, null);
        registry.put(Registry.STATION_KEY, stationId, station);
        emit(stub, new RegistryChange("STATION_REGISTERED", stub.getTxId(), now, null, null, station));
        return LedgerJson.toText(station);
    }

    /**
     * Revokes a wiping station: from this transaction on, erasure reports it signs are refused.
     *
     * @param ctx the transaction context
     * @param stationId the station
     * @param reason why, 1 to 1024 characters
     * @return the station as stored, status REVOKED
     *     <p>Fails with INVALID_ARGUMENT, NOT_REGULATOR, STATION_NOT_FOUND or STATION_REVOKED (revoked already).
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String RevokeStation(final Context ctx, final String stationId, final String reason) {
        Fields.requireMatch(stationId, "stationId", Fields.ID, Fields.ID_RULE);
        Fields.requireText(reason, "reason", MAX_REASON);

        final ChaincodeStub stub = ctx.getStub();
        final Registry registry = new Registry(stub);
        requireRegulator(registry, ctx.getClientIdentity().getMSPID());
        final Station station = registry.findStation(stationId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.STATION_NOT_FOUND, 
                        "no station " + stationId + " is registered"));
        if (station.status() == StationStatus.REVOKED) {
            throw ContractErrors.refuse(LedgerError.STATION_REVOKED, "station " + stationId + " was revoked already");
        }

        final String now = stub.getTxTimestamp().toString();
        final Station revoked = station.revoked(now, reason);
        registry.put(Registry.STATION_KEY, stationId, revoked);
        emit(stub, new RegistryChange("STATION_REVOKED", stub.getTxId(), now, null, null, revoked));
        return LedgerJson.toText(revoked);
    }

    /**
     * Returns a registered organisation.
     *
     * @param ctx the transaction context
     * @param mspId its MSP ID
     * @return the organisation; fails with INVALID_ARGUMENT or ORGANISATION_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetOrganisation(final Context ctx, final String mspId) {
        Fields.requireMatch(mspId, "mspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        return LedgerJson.toText(new Registry(ctx.getStub())
                .findOrganisation(mspId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.ORGANISATION_NOT_FOUND, 
                        "organisation " + mspId + " is not registered")));
    }

    /**
     * Returns a registered site.
     *
     * @param ctx the transaction context
     * @param siteId its ID
     * @return the site; fails with INVALID_ARGUMENT or SITE_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetSite(final Context ctx, final String siteId) {
        Fields.requireMatch(siteId, "siteId", Fields.ID, Fields.ID_RULE);
        return LedgerJson.toText(new Registry(ctx.getStub())
                .findSite(siteId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.SITE_NOT_FOUND, "no site " + siteId + " is registered")));
    }

    /**
     * Returns a registered wiping station, active or revoked.
     *
     * @param ctx the transaction context
     * @param stationId its ID
     * @return the station; fails with INVALID_ARGUMENT or STATION_NOT_FOUND
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String GetStation(final Context ctx, final String stationId) {
        Fields.requireMatch(stationId, "stationId", Fields.ID, Fields.ID_RULE);
        return LedgerJson.toText(new Registry(ctx.getStub())
                .findStation(stationId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.STATION_NOT_FOUND, 
                        "no station " + stationId + " is registered")));
    }

    private static void requireRegulator(final Registry registry, final String caller) {
        if (!registry.isRegulator(caller)) {
            throw ContractErrors.refuse(LedgerError.NOT_REGULATOR, 
                    caller + " is not registered as a REGULATOR; only regulators write the registry");
        }
    }

    private static void emit(final ChaincodeStub stub, final RegistryChange change) {
        stub.setEvent(EVENT_NAME, LedgerJson.toBytes(change));
    }

    /**
     * Fails a transaction that would end with writes held in a {@link BatchedState} and never sent to the peer, which
     * would be lost without a sign.
     */
    @Override
    public void afterTransaction(final Context ctx, final Object result) {
        BatchedState.requireFlushed(ctx.getStub());
    }
}
