package io.wipetrace.chaincode.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.chaincode.registry.RegistryContract;
import io.wipetrace.proof.SignatureAlgorithm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organisations, sites and wiping stations of the tests, and JSON helpers for building arguments the way a client
 * would (a plain, unsorted mapper: the chaincode must not depend on member order).
 */
public final class Alliance {

    public static final String REGULATOR = "RegulatorOrgMSP";
    public static final String COLLECTOR = "CollectorOrgMSP";
    public static final String PROCESSOR = "ProcessorOrgMSP";
    public static final String SMELTER = "SmelterOrgMSP";
    public static final String LOGISTICS = "LogisticsOrgMSP";
    /** A second processor, to hand devices between processors. */
    public static final String PROCESSOR_2 = "Processor2OrgMSP";
    /** An organisation that is not registered. */
    public static final String FOREIGN = "ForeignOrgMSP";

    public static final String COLLECTOR_SITE = "collector-store-bj-01";
    public static final String PROCESSOR_SITE = "processor-plant-tj-01";
    public static final String PROCESSOR_2_SITE = "processor2-plant-sh-01";
    public static final String SMELTER_SITE = "smelter-works-hb-01";
    public static final String LOGISTICS_SITE = "logistics-hub-bj-01";
    public static final String REGULATOR_SITE = "regulator-office-01";

    public static final String STATION_P256 = "station-p256-01";
    public static final String STATION_ED25519 = "station-ed25519-01";
    public static final String STATION_SM2 = "station-sm2-01";

    /** Keys of the processor's stations, made once per test run. */
    public static final StationKey P256_KEY = StationKey.generate(SignatureAlgorithm.ECDSA_P256);
    public static final StationKey ED25519_KEY = StationKey.generate(SignatureAlgorithm.ED25519);
    public static final StationKey SM2_KEY = StationKey.generate(SignatureAlgorithm.SM2);

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private Alliance() {}

    /**
     * Registers every organisation, site and station through the registry contract.
     *
     * @param ledger the ledger
     */
    public static void seed(final InMemoryLedger ledger) {
        final RegistryContract registry = new RegistryContract();
        organisation(ledger, registry, REGULATOR, "Municipal Bureau of Ecology", "REGULATOR");
        organisation(ledger, registry, COLLECTOR, "Drawer Phone Collect Ltd", "COLLECTOR");
        organisation(ledger, registry, PROCESSOR, "Tianjin Green Processing", "PROCESSOR");
        organisation(ledger, registry, PROCESSOR_2, "Shanghai Renew Works", "PROCESSOR");
        organisation(ledger, registry, SMELTER, "Hubei Metals Recovery", "SMELTER");
        organisation(ledger, registry, LOGISTICS, "Swift Reverse Logistics", "LOGISTICS");
        site(ledger, registry, COLLECTOR_SITE, COLLECTOR);
        site(ledger, registry, PROCESSOR_SITE, PROCESSOR);
        site(ledger, registry, PROCESSOR_2_SITE, PROCESSOR_2);
        site(ledger, registry, SMELTER_SITE, SMELTER);
        site(ledger, registry, LOGISTICS_SITE, LOGISTICS);
        site(ledger, registry, REGULATOR_SITE, REGULATOR);
        station(ledger, registry, STATION_P256, PROCESSOR_SITE, P256_KEY);
        station(ledger, registry, STATION_ED25519, PROCESSOR_SITE, ED25519_KEY);
        station(ledger, registry, STATION_SM2, PROCESSOR_SITE, SM2_KEY);
    }

    /**
     * Registers an organisation as the regulator.
     *
     * @param ledger the ledger
     * @param registry the contract
     * @param mspId the MSP
     * @param name its name
     * @param roles its roles
     */
    public static void organisation(final InMemoryLedger ledger, final RegistryContract registry, final String mspId,
            final String name, final String... roles) {
        ledger.submit(REGULATOR, ctx -> registry.RegisterOrganisation(
                ctx, json(map("mspId", mspId, "name", name, "roles", List.of(roles)))));
    }

    /**
     * Registers a site as the regulator.
     *
     * @param ledger the ledger
     * @param registry the contract
     * @param siteId the site
     * @param mspId its owner
     */
    public static void site(final InMemoryLedger ledger, final RegistryContract registry, final String siteId,
            final String mspId) {
        ledger.submit(REGULATOR, ctx -> registry.RegisterSite(ctx, json(map(
                "siteId", siteId, "mspId", mspId, "name", "Site " + siteId, "city", "Beijing",
                "licenceNumber", "LIC-" + siteId))));
    }

    /**
     * Registers a station as the regulator.
     *
     * @param ledger the ledger
     * @param registry the contract
     * @param stationId the station
     * @param siteId its site
     * @param key its key
     */
    public static void station(final InMemoryLedger ledger, final RegistryContract registry, final String stationId,
            final String siteId, final StationKey key) {
        ledger.submit(REGULATOR, ctx -> registry.RegisterStation(ctx, json(map(
                "stationId", stationId, "siteId", siteId, "algorithm", key.algorithm().name(),
                "publicKey", key.publicKeyBase64()))));
    }

    /**
     * A mutable map, in the order given.
     *
     * @param namesAndValues name, value, …
     * @return the map
     */
    public static Map<String, Object> map(final Object... namesAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    /**
     * Writes a value as JSON with a plain mapper (member order as given).
     *
     * @param value the value
     * @return the JSON
     */
    public static String json(final Object value) {
        try {
            return PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
