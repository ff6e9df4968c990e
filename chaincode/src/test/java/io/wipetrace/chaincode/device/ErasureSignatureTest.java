package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.device.Scenario.deviceId;
import static io.wipetrace.chaincode.testing.Alliance.PROCESSOR;
import static io.wipetrace.chaincode.testing.Alliance.REGULATOR;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.chaincode.testing.Alliance;
import io.wipetrace.chaincode.testing.StationKey;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Erasure reports signed by wiping stations of all three algorithms, with keys made and signatures computed by JCA
 * providers independent of the chaincode's BouncyCastle lightweight verification.
 */
class ErasureSignatureTest {

    private static final String D1 = deviceId(1);

    private final Scenario scenario = Scenario.standard();

    @BeforeEach
    void receivedAtTheProcessor() {
        scenario.driveTo(D1, DeviceState.RECEIVED);
    }

    private static String stationOf(final SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256 -> Alliance.STATION_P256;
            case ED25519 -> Alliance.STATION_ED25519;
            case SM2 -> Alliance.STATION_SM2;
        };
    }

    private static StationKey keyOf(final SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256 -> Alliance.P256_KEY;
            case ED25519 -> Alliance.ED25519_KEY;
            case SM2 -> Alliance.SM2_KEY;
        };
    }

    private Map<String, Object> erasure(final SignatureAlgorithm algorithm) {
        final Map<String, Object> erasure = scenario.erasure(D1, "report-sig-1");
        erasure.put("stationId", stationOf(algorithm));
        return erasure;
    }

    private String record(final String erasureJson) {
        return scenario.ledger.submit(PROCESSOR, ctx -> scenario.devices.RecordErasure(ctx, erasureJson));
    }

    private void rejected(final String erasureJson, final LedgerError code) {
        assertCode(scenario.ledger.reject(PROCESSOR, ctx -> scenario.devices.RecordErasure(ctx, erasureJson)), code);
    }

    @Nested
    class ValidSignatures {

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenTheRegisteredStationSigned_theErasureIsRecorded(final SignatureAlgorithm algorithm) {
            record(Scenario.signed(erasure(algorithm), keyOf(algorithm)));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPED);
            assertThat(scenario.history(D1).get(3).get("details").get("stationAlgorithm").textValue())
                    .isEqualTo(algorithm.name());
        }

        @Test
        void whenTheClientReordersMembersAndAddsWhitespace_theSignatureStillVerifies() {
            final Map<String, Object> erasure = erasure(SignatureAlgorithm.ED25519);
            final String signature = Alliance.ED25519_KEY.sign(ErasurePayload.canonicalBytes(json(erasure)));
            final StringBuilder reordered = new StringBuilder("{\n  \"signature\" : \"" + signature + "\"");
            erasure.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach(name ->
                    reordered.append(",\n  \"").append(name).append("\" : ").append(json(erasure.get(name))));
            reordered.append("\n}");

            record(reordered.toString());

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPED);
        }

        @Test
        void whenOptionalMembersAreNull_theyAreLeftOutOfTheSignedBytes() {
            final Map<String, Object> erasure = erasure(SignatureAlgorithm.ECDSA_P256);
            final String signature = Alliance.P256_KEY.sign(ErasurePayload.canonicalBytes(json(erasure)));
            erasure.put("reportSm3", null);
            erasure.put("signature", signature);

            record(json(erasure));

            assertThat(scenario.state(D1)).isEqualTo(DeviceState.WIPED);
        }
    }

    @Nested
    class InvalidSignatures {

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenAMemberIsChangedAfterSigning_rejectsWithSignatureInvalid(final SignatureAlgorithm algorithm) {
            final Map<String, Object> erasure = erasure(algorithm);
            Scenario.signed(erasure, keyOf(algorithm));
            erasure.put("reportSha256", Scenario.sha256("another report"));

            rejected(json(erasure), LedgerError.SIGNATURE_INVALID);
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenSignedByAnUnregisteredKeyOfTheSameAlgorithm_rejectsWithSignatureInvalid(
                final SignatureAlgorithm algorithm) {
            rejected(Scenario.signed(erasure(algorithm), StationKey.generate(algorithm)), LedgerError.SIGNATURE_INVALID);
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenSignedByAnotherStationsKey_rejectsWithSignatureInvalid(final SignatureAlgorithm algorithm) {
            final SignatureAlgorithm other =
                    SignatureAlgorithm.values()[(algorithm.ordinal() + 1) % SignatureAlgorithm.values().length];

            rejected(Scenario.signed(erasure(algorithm), keyOf(other)), LedgerError.SIGNATURE_INVALID);
        }

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenTheSignatureIsRandomBytes_rejectsWithSignatureInvalid(final SignatureAlgorithm algorithm) {
            final Map<String, Object> erasure = erasure(algorithm);
            erasure.put("signature", Base64.getEncoder().encodeToString(new byte[64]));

            rejected(json(erasure), LedgerError.SIGNATURE_INVALID);
        }

        @Test
        void whenTheSignedBytesAreNotCanonical_rejectsWithSignatureInvalid() {
            final Map<String, Object> erasure = erasure(SignatureAlgorithm.ECDSA_P256);
            erasure.put("signature", Alliance.P256_KEY.sign(json(erasure).getBytes(UTF_8)));

            rejected(json(erasure), LedgerError.SIGNATURE_INVALID);
        }

        @Test
        void whenAnEcdsaSignatureIsRawRAndSInsteadOfDer_rejectsWithSignatureInvalid() throws GeneralSecurityException {
            final Map<String, Object> erasure = erasure(SignatureAlgorithm.ECDSA_P256);
            final Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
            p1363.initSign(Alliance.P256_KEY.keys().getPrivate());
            p1363.update(ErasurePayload.canonicalBytes(json(erasure)));
            erasure.put("signature", Base64.getEncoder().encodeToString(p1363.sign()));

            rejected(json(erasure), LedgerError.SIGNATURE_INVALID);
        }

        @Test
        void whenAnSm2SignatureUsesAnotherUserId_rejectsWithSignatureInvalid() throws GeneralSecurityException {
            final Map<String, Object> erasure = erasure(SignatureAlgorithm.SM2);
            final Signature sm2 = Signature.getInstance("SM3withSM2", new BouncyCastleProvider());
            sm2.setParameter(new SM2ParameterSpec("station-user-id".getBytes(UTF_8)));
            sm2.initSign(Alliance.SM2_KEY.keys().getPrivate());
            sm2.update(ErasurePayload.canonicalBytes(json(erasure)));
            erasure.put("signature", Base64.getEncoder().encodeToString(sm2.sign()));

            rejected(json(erasure), LedgerError.SIGNATURE_INVALID);
        }
    }

    @Nested
    class Stations {

        @ParameterizedTest
        @EnumSource(SignatureAlgorithm.class)
        void whenTheStationWasRevoked_evenAReportSignedBeforeIsRejectedWithStationRevoked(
                final SignatureAlgorithm algorithm) {
            final String signedBefore = Scenario.signed(erasure(algorithm), keyOf(algorithm));
            scenario.ledger.submit(REGULATOR,
                    ctx -> scenario.registry.RevokeStation(ctx, stationOf(algorithm), "tampered"));

            rejected(signedBefore, LedgerError.STATION_REVOKED);
        }

        @Test
        void whenTheStationIsUnknown_rejectsWithStationNotFound() {
            final Map<String, Object> erasure = erasure(SignatureAlgorithm.ED25519);
            erasure.put("stationId", "station-unregistered");

            rejected(Scenario.signed(erasure, Alliance.ED25519_KEY), LedgerError.STATION_NOT_FOUND);
        }
    }

    @Nested
    class Payload {

        @Test
        void whenCanonicalised_membersAreSortedAtEveryLevelWithoutSignatureNullsOrWhitespace() {
            final byte[] bytes = ErasurePayload.canonicalBytes(
                    "{ \"tool\": \"清除\", \"signature\": \"abc\", \"verification\": {\"mode\": \"FULL\", \"by\": \"v\"},"
                            + " \"reportSm3\": null, \"deviceId\": \"dev-1\" }");

            assertThat(new String(bytes, UTF_8))
                    .isEqualTo("{\"deviceId\":\"dev-1\",\"tool\":\"清除\",\"verification\":{\"by\":\"v\",\"mode\":\"FULL\"}}");
        }

        @Test
        void whenTheTextIsNotAnObjectOrRepeatsAMember_itIsRefused() {
            assertThatThrownBy(() -> ErasurePayload.canonicalBytes("[1]")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ErasurePayload.canonicalBytes("{\"a\":1,\"a\":2}"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
