package io.wipetrace.chaincode.registry;

import static io.wipetrace.chaincode.testing.Alliance.COLLECTOR;
import static io.wipetrace.chaincode.testing.Alliance.FOREIGN;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR;
import static io.wipetrace.chaincode.testing.Alliance.REGULATOR;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wipetrace.chaincode.testing.Alliance;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.chaincode.testing.StationKey;
import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryContractTest {

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RegistryContract registry = new RegistryContract();

    private String registerOrganisation(final String caller, final Map<String, Object> organisation) {
        return ledger.submit(caller, ctx -> registry.RegisterOrganisation(ctx, json(organisation)));
    }

    private void rejectOrganisation(final String caller, final String orgJson, final LedgerError code) {
        assertCode(ledger.reject(caller, ctx -> registry.RegisterOrganisation(ctx, orgJson)), code);
    }

    private void bootstrap() {
        registerOrganisation(REGULATOR, map("mspId", REGULATOR, "name", "Bureau", "roles", List.of("REGULATOR")));
    }

    /** The policy must be: one signature of a peer of RegulatorOrgMSP. */
    private static void assertRegulatorPeerPolicy(final byte[] policy) {
        assertThat(policy).isNotNull();
        try {
            final SignaturePolicyEnvelope envelope = SignaturePolicyEnvelope.parseFrom(policy);
            assertThat(envelope.getIdentitiesCount()).isEqualTo(1);
            final MSPPrincipal principal = envelope.getIdentities(0);
            assertThat(principal.getPrincipalClassification()).isEqualTo(MSPPrincipal.Classification.ROLE);
            final MSPRole role = MSPRole.parseFrom(principal.getPrincipal());
            assertThat(role.getMspIdentifier()).isEqualTo("RegulatorOrgMSP");
            assertThat(role.getRole()).isEqualTo(MSPRole.MSPRoleType.PEER);
            assertThat(envelope.getRule().getNOutOf().getN()).isEqualTo(1);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a SignaturePolicyEnvelope", e);
        }
    }

    @Nested
    class RegisterOrganisation {

        @Test
        void whenTheRegistryIsEmpty_theRegulatorBootstrapsItself() {
            final String result = registerOrganisation(REGULATOR,
                    map("roles", List.of("REGULATOR"), "name", "Municipal Bureau", "mspId", REGULATOR));

            final String expected = "{\"mspId\":\"RegulatorOrgMSP\",\"name\":\"Municipal Bureau\","
                    + "\"registeredAt\":\"2026-03-02T08:01:00Z\",\"registeredBy\":\"RegulatorOrgMSP\","
                    + "\"roles\":[\"REGULATOR\"]}";
            assertThat(ledger.value(Registry.ORGANISATION_KEY, REGULATOR)).isEqualTo(expected);
            assertThat(result).isEqualTo(expected);
        }

        @Test
        void whenWritten_theKeyRequiresTheRegulatorsPeerToEndorseLaterChanges() {
            bootstrap();

            assertRegulatorPeerPolicy(ledger.validationParameter(Registry.ORGANISATION_KEY, REGULATOR));
        }

        @Test
        void whenWritten_emitsOneRegistryEventWithTheRecord() {
            bootstrap();

            assertThat(ledger.last().eventName()).isEqualTo("wipetrace.registry");
            assertThat(ledger.last().eventPayload()).isEqualTo("{\"change\":\"ORGANISATION_REGISTERED\","
                    + "\"organisation\":{\"mspId\":\"RegulatorOrgMSP\",\"name\":\"Bureau\","
                    + "\"registeredAt\":\"2026-03-02T08:01:00Z\",\"registeredBy\":\"RegulatorOrgMSP\","
                    + "\"roles\":[\"REGULATOR\"]},\"txId\":\"" + ledger.last().txId() + "\","
                    + "\"txTimestamp\":\"2026-03-02T08:01:00Z\"}");
        }

        @Test
        void whenTheRegulatorRegistersAPartner_rolesAreStoredSortedByName() {
            bootstrap();

            registerOrganisation(REGULATOR, map("mspId", COLLECTOR, "name", "Collect Ltd",
                    "roles", List.of("SMELTER", "COLLECTOR", "LOGISTICS")));

            assertThat(ledger.json(Registry.ORGANISATION_KEY, COLLECTOR).get("roles").toString())
                    .isEqualTo("[\"COLLECTOR\",\"LOGISTICS\",\"SMELTER\"]");
        }

        @Test
        void whenTheRegistryIsEmptyAndAnotherMspCalls_rejectsWithNotRegulator() {
            rejectOrganisation(COLLECTOR,
                    json(map("mspId", COLLECTOR, "name", "C", "roles", List.of("REGULATOR"))),
                    LedgerError.NOT_REGULATOR);
        }

        @Test
        void whenTheRegistryIsEmptyAndTheRegulatorRegistersAnotherOrganisation_rejectsWithNotRegulator() {
            rejectOrganisation(REGULATOR,
                    json(map("mspId", COLLECTOR, "name", "C", "roles", List.of("COLLECTOR"))),
                    LedgerError.NOT_REGULATOR);
        }

        @Test
        void whenTheRegistryIsEmptyAndTheRegulatorOmitsTheRegulatorRole_rejectsWithNotRegulator() {
            rejectOrganisation(REGULATOR,
                    json(map("mspId", REGULATOR, "name", "R", "roles", List.of("COLLECTOR"))),
                    LedgerError.NOT_REGULATOR);
        }

        @Test
        void whenARegisteredNonRegulatorCalls_rejectsWithNotRegulator() {
            bootstrap();
            registerOrganisation(REGULATOR, map("mspId", COLLECTOR, "name", "C", "roles", List.of("COLLECTOR")));

            rejectOrganisation(COLLECTOR,
                    json(map("mspId", PROCESSOR, "name", "P", "roles", List.of("PROCESSOR"))),
                    LedgerError.NOT_REGULATOR);
        }

        @Test
        void whenAnUnregisteredMspCallsAfterBootstrap_rejectsWithNotRegulator() {
            bootstrap();

            rejectOrganisation(FOREIGN,
                    json(map("mspId", FOREIGN, "name", "F", "roles", List.of("REGULATOR"))),
                    LedgerError.NOT_REGULATOR);
        }

        @Test
        void whenTheOrganisationIsRegisteredAlready_rejectsWithAlreadyRegistered() {
            bootstrap();

            rejectOrganisation(REGULATOR,
                    json(map("mspId", REGULATOR, "name", "Again", "roles", List.of("REGULATOR"))),
                    LedgerError.ALREADY_REGISTERED);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "",
            "not json",
            "[]",
            "{\"mspId\":\"X\",\"name\":\"n\",\"roles\":[]}",
            "{\"mspId\":\"X\",\"name\":\"n\",\"roles\":[\"KING\"]}",
            "{\"mspId\":\"X\",\"name\":\"n\",\"roles\":[\"COLLECTOR\",\"COLLECTOR\"]}",
            "{\"mspId\":\"X\",\"name\":\"n\",\"roles\":\"COLLECTOR\"}",
            "{\"mspId\":\"bad msp\",\"name\":\"n\",\"roles\":[\"COLLECTOR\"]}",
            "{\"mspId\":\"X\",\"roles\":[\"COLLECTOR\"]}",
            "{\"mspId\":\"X\",\"name\":\"n\",\"roles\":[\"COLLECTOR\"],\"extra\":1}",
            "{\"mspId\":\"X\",\"mspId\":\"Y\",\"name\":\"n\",\"roles\":[\"COLLECTOR\"]}",
            "{\"mspId\":\"X\",\"name\":\"tab\\there\",\"roles\":[\"COLLECTOR\"]}"
        })
        void whenTheArgumentIsMalformed_rejectsWithInvalidArgument(final String orgJson) {
            bootstrap();

            rejectOrganisation(REGULATOR, orgJson, LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenTheNameIsTooLong_rejectsWithInvalidArgument() {
            bootstrap();

            rejectOrganisation(REGULATOR,
                    json(map("mspId", COLLECTOR, "name", "n".repeat(129), "roles", List.of("COLLECTOR"))),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class RegisterSite {

        @BeforeEach
        void organisations() {
            bootstrap();
            registerOrganisation(REGULATOR, map("mspId", COLLECTOR, "name", "C", "roles", List.of("COLLECTOR")));
        }

        private Map<String, Object> site(final String siteId, final String mspId) {
            return map("siteId", siteId, "mspId", mspId, "name", "Chaoyang store", "city", "北京",
                    "licenceNumber", "BJ-REC-0042");
        }

        @Test
        void whenTheOwnerIsRegistered_storesTheSiteWithTheRegulatorPolicy() {
            final String result = ledger.submit(REGULATOR, ctx -> registry.RegisterSite(ctx, json(site("s-1", COLLECTOR))));

            final String expected = "{\"city\":\"北京\",\"licenceNumber\":\"BJ-REC-0042\",\"mspId\":\"CollectorOrgMSP\","
                    + "\"name\":\"Chaoyang store\",\"registeredAt\":\"2026-03-02T08:03:00Z\",\"siteId\":\"s-1\"}";
            assertThat(ledger.value(Registry.SITE_KEY, "s-1")).isEqualTo(expected);
            assertThat(result).isEqualTo(expected);
            assertRegulatorPeerPolicy(ledger.validationParameter(Registry.SITE_KEY, "s-1"));
            assertThat(ledger.last().eventName()).isEqualTo("wipetrace.registry");
        }

        @Test
        void whenTheOwnerIsNotRegistered_rejectsWithOrganisationNotFound() {
            assertCode(ledger.reject(REGULATOR, ctx -> registry.RegisterSite(ctx, json(site("s-1", FOREIGN)))),
                    LedgerError.ORGANISATION_NOT_FOUND);
        }

        @Test
        void whenTheSiteExists_rejectsWithAlreadyRegistered() {
            ledger.submit(REGULATOR, ctx -> registry.RegisterSite(ctx, json(site("s-1", COLLECTOR))));

            assertCode(ledger.reject(REGULATOR, ctx -> registry.RegisterSite(ctx, json(site("s-1", COLLECTOR)))),
                    LedgerError.ALREADY_REGISTERED);
        }

        @Test
        void whenANonRegulatorCalls_rejectsWithNotRegulator() {
            assertCode(ledger.reject(COLLECTOR, ctx -> registry.RegisterSite(ctx, json(site("s-1", COLLECTOR)))),
                    LedgerError.NOT_REGULATOR);
        }

        @Test
        void whenTheSiteIdIsMalformed_rejectsWithInvalidArgument() {
            assertCode(ledger.reject(REGULATOR, ctx -> registry.RegisterSite(ctx, json(site("bad id", COLLECTOR)))),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class RegisterStation {

        @BeforeEach
        void organisationAndSite() {
            bootstrap();
            registerOrganisation(REGULATOR, map("mspId", PROCESSOR, "name", "P", "roles", List.of("PROCESSOR")));
            Alliance.site(ledger, registry, "plant-1", PROCESSOR);
        }

        private Map<String, Object> station(final String algorithm, final String publicKey) {
            return map("stationId", "st-1", "siteId", "plant-1", "algorithm", algorithm, "publicKey", publicKey);
        }

        private void reject(final Map<String, Object> station, final LedgerError code) {
            assertCode(ledger.reject(REGULATOR, ctx -> registry.RegisterStation(ctx, json(station))), code);
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenTheKeyMatchesTheAlgorithm_storesAnActiveStationOfTheSitesOwner(final SignatureAlgorithm algorithm) {
            final StationKey key = StationKey.generate(algorithm);

            ledger.submit(REGULATOR, ctx -> registry.RegisterStation(ctx, json(station(algorithm.name(),
                    key.publicKeyBase64()))));

            assertThat(ledger.value(Registry.STATION_KEY, "st-1")).isEqualTo("{\"algorithm\":\"" + algorithm
                    + "\",\"mspId\":\"ProcessorOrgMSP\",\"publicKey\":\"" + key.publicKeyBase64()
                    + "\",\"registeredAt\":\"" + ledger.last().timestamp() + "\",\"siteId\":\"plant-1\","
                    + "\"stationId\":\"st-1\",\"status\":\"ACTIVE\"}");
            assertRegulatorPeerPolicy(ledger.validationParameter(Registry.STATION_KEY, "st-1"));
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenTheKeyIsOfAnotherAlgorithm_rejectsWithInvalidPublicKey(final SignatureAlgorithm algorithm) {
            for (final SignatureAlgorithm other : SignatureAlgorithm.values()) {
                if (other != algorithm) {
                    reject(station(algorithm.name(), StationKey.generate(other).publicKeyBase64()),
                            LedgerError.INVALID_PUBLIC_KEY);
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"not base64!", "AAAA", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"})
        void whenTheKeyIsNotADerSubjectPublicKeyInfo_rejectsWithInvalidPublicKey(final String publicKey) {
            reject(station("ECDSA_P256", publicKey), LedgerError.INVALID_PUBLIC_KEY);
        }

        @Test
        void whenTheKeyHasTrailingBytes_rejectsWithInvalidPublicKey() {
            final byte[] encoded = java.util.Base64.getDecoder().decode(Alliance.P256_KEY.publicKeyBase64());
            final byte[] padded = java.util.Arrays.copyOf(encoded, encoded.length + 1);

            reject(station("ECDSA_P256", java.util.Base64.getEncoder().encodeToString(padded)),
                    LedgerError.INVALID_PUBLIC_KEY);
        }

        @Test
        void whenTheAlgorithmIsUnknown_rejectsWithInvalidArgument() {
            reject(station("RSA_2048", Alliance.P256_KEY.publicKeyBase64()), LedgerError.INVALID_ARGUMENT);
        }

        @Test
        void whenTheSiteIsNotRegistered_rejectsWithSiteNotFound() {
            final Map<String, Object> station = station("ED25519", Alliance.ED25519_KEY.publicKeyBase64());
            station.put("siteId", "nowhere");

            reject(station, LedgerError.SITE_NOT_FOUND);
        }

        @Test
        void whenTheStationExists_rejectsWithAlreadyRegistered() {
            ledger.submit(REGULATOR, ctx -> registry.RegisterStation(ctx, json(station("ED25519",
                    Alliance.ED25519_KEY.publicKeyBase64()))));

            reject(station("ED25519", Alliance.ED25519_KEY.publicKeyBase64()), LedgerError.ALREADY_REGISTERED);
        }

        @Test
        void whenTheProcessorRegistersItsOwnStation_rejectsWithNotRegulator() {
            assertCode(ledger.reject(PROCESSOR, ctx -> registry.RegisterStation(ctx, json(station("ED25519",
                    Alliance.ED25519_KEY.publicKeyBase64())))), LedgerError.NOT_REGULATOR);
        }
    }

    @Nested
    class RevokeStation {

        @BeforeEach
        void station() {
            Alliance.seed(ledger);
        }

        @Test
        void whenActive_marksItRevokedWithTimeAndReason() {
            final String result = ledger.submit(REGULATOR,
                    ctx -> registry.RevokeStation(ctx, Alliance.STATION_SM2, "key leaked"));

            final var stored = ledger.json(Registry.STATION_KEY, Alliance.STATION_SM2);
            assertThat(stored.get("status").textValue()).isEqualTo("REVOKED");
            assertThat(stored.get("revocationReason").textValue()).isEqualTo("key leaked");
            assertThat(stored.get("revokedAt").textValue()).isEqualTo(ledger.last().timestamp().toString());
            assertThat(result).isEqualTo(ledger.value(Registry.STATION_KEY, Alliance.STATION_SM2));
            assertThat(ledger.last().eventPayload()).contains("\"change\":\"STATION_REVOKED\"");
            assertRegulatorPeerPolicy(ledger.validationParameter(Registry.STATION_KEY, Alliance.STATION_SM2));
        }

        @Test
        void whenRevokedAlready_rejectsWithStationRevoked() {
            ledger.submit(REGULATOR, ctx -> registry.RevokeStation(ctx, Alliance.STATION_SM2, "key leaked"));

            assertCode(ledger.reject(REGULATOR, ctx -> registry.RevokeStation(ctx, Alliance.STATION_SM2, "again")),
                    LedgerError.STATION_REVOKED);
        }

        @Test
        void whenUnknown_rejectsWithStationNotFound() {
            assertCode(ledger.reject(REGULATOR, ctx -> registry.RevokeStation(ctx, "st-none", "why")),
                    LedgerError.STATION_NOT_FOUND);
        }

        @Test
        void whenTheStationsOwnerRevokes_rejectsWithNotRegulator() {
            assertCode(ledger.reject(PROCESSOR, ctx -> registry.RevokeStation(ctx, Alliance.STATION_SM2, "why")),
                    LedgerError.NOT_REGULATOR);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " "})
        void whenTheReasonIsBlank_rejectsWithInvalidArgument(final String reason) {
            assertCode(ledger.reject(REGULATOR, ctx -> registry.RevokeStation(ctx, Alliance.STATION_SM2, reason)),
                    LedgerError.INVALID_ARGUMENT);
        }
    }

    @Nested
    class Queries {

        @BeforeEach
        void seed() {
            Alliance.seed(ledger);
        }

        @Test
        void whenRegistered_returnsTheStoredRecords() {
            assertThat(ledger.evaluate(FOREIGN, ctx -> registry.GetOrganisation(ctx, COLLECTOR)))
                    .isEqualTo(ledger.value(Registry.ORGANISATION_KEY, COLLECTOR));
            assertThat(ledger.evaluate(FOREIGN, ctx -> registry.GetSite(ctx, Alliance.COLLECTOR_SITE)))
                    .isEqualTo(ledger.value(Registry.SITE_KEY, Alliance.COLLECTOR_SITE));
            assertThat(ledger.evaluate(FOREIGN, ctx -> registry.GetStation(ctx, Alliance.STATION_P256)))
                    .isEqualTo(ledger.value(Registry.STATION_KEY, Alliance.STATION_P256));
        }

        @Test
        void whenUnknown_rejectWithTheirNotFoundCodes() {
            assertCode(ledger.reject(FOREIGN, ctx -> registry.GetOrganisation(ctx, FOREIGN)),
                    LedgerError.ORGANISATION_NOT_FOUND);
            assertCode(ledger.reject(FOREIGN, ctx -> registry.GetSite(ctx, "nowhere")), LedgerError.SITE_NOT_FOUND);
            assertCode(ledger.reject(FOREIGN, ctx -> registry.GetStation(ctx, "none")), LedgerError.STATION_NOT_FOUND);
        }

        @Test
        void whenTheIdIsMalformed_rejectWithInvalidArgument() {
            assertCode(ledger.reject(FOREIGN, ctx -> registry.GetOrganisation(ctx, "a b")), LedgerError.INVALID_ARGUMENT);
            assertCode(ledger.reject(FOREIGN, ctx -> registry.GetSite(ctx, null)), LedgerError.INVALID_ARGUMENT);
            assertCode(ledger.reject(FOREIGN, ctx -> registry.GetStation(ctx, "")), LedgerError.INVALID_ARGUMENT);
        }
    }
}
