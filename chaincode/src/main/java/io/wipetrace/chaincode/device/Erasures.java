package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.chaincode.registry.Station;
import io.wipetrace.chaincode.registry.StationStatus;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Erasure: a wiping station's signed report, checked against the registry (station, site), the device (custody,
 * state, consent) and the station's key, then recorded. Behind {@link DeviceContract}'s RecordErasure.
 *
 * <p>The record goes into the public proof bundle as the station signed it, so nothing in it is free text: people
 * (operator, witness, verifier), the consent and the reason for a failed result are named by identifiers
 * ({@link Identifiers#ID}: pseudonymous staff numbers, references, reason codes), and the technique, standard and tool
 * by labels ({@link Identifiers#LABEL}).
 */
final class Erasures {

    /** How far an erasure's end may lie after the transaction timestamp (station clock skew). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Set<String> ERASURE_FIELDS = Set.of("deviceId", "reportId", "reportSha256", "reportSm3",
            "method", "technique", "standard", "tool", "toolVersion", "result", "resultReason", "verification",
            "startedAt", "endedAt", "siteId", "operator", "witness", "consentReference", "stationId", "signature");
    private static final Set<String> VERIFICATION_FIELDS = Set.of("mode", "by");
    private static final int MAX_SIGNATURE_LENGTH = 512;

    private Erasures() {}

    /**
     * RecordErasure, in the order of its checks: the input, its times, the caller's role, custody and consent, the
     * site, the station, the report's novelty, the consent reference, the signature; then the write.
     */
    static String record(final Context ctx, final String erasureJson) {
        final SignedErasure input = SignedErasure.parse(erasureJson);
        final ErasureRecord record = input.record();
        final ChaincodeStub stub = ctx.getStub();
        input.requireTimes(stub.getTxTimestamp());

        final String caller = ctx.getClientIdentity().getMSPID();
        // Every key the checks read, in one message to the peer.
        final BatchedState state = new BatchedState(stub);
        state.prefetch(List.of(Registry.organisationKey(caller), DeviceStore.deviceKey(record.deviceId()),
                Registry.siteKey(record.siteId()), Registry.stationKey(record.stationId()),
                DeviceStore.reportKey(record.reportId())));
        final Registry registry = new Registry(stub, state);
        registry.memberWithRole(caller, Role.PROCESSOR);
        final DeviceStore store = new DeviceStore(stub, state);
        final Device device = Custody.ready(store, record.deviceId(), caller, Action.ERASE);
        Disposition.requireConsent(device, Action.ERASE);
        registry.siteOwnedBy(record.siteId(), caller);
        final Station station = signingStation(registry, record.stationId(), caller);
        if (store.reportRecorded(record.reportId())) {
            throw ContractErrors.refuse(LedgerError.REPORT_EXISTS,
                    "report " + record.reportId() + " was recorded already");
        }
        if (!record.consentReference().equals(device.consent().reference())) {
            throw ContractErrors.refuse(LedgerError.CONSENT_MISMATCH, "the erasure names consent "
                    + record.consentReference() + " but device " + device.deviceId() + "'s consent record is "
                    + device.consent().reference());
        }
        input.requireSignedBy(station);

        final Device erased = write(new Changes(stub, store, caller), store, device, record, station);
        return LedgerJson.toText(erased);
    }

    /**
     * The station must be registered, ACTIVE and the caller's: STATION_NOT_FOUND, STATION_REVOKED,
     * STATION_NOT_OWNED.
     */
    private static Station signingStation(final Registry registry, final String stationId, final String caller) {
        final Station station = registry.findStation(stationId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.STATION_NOT_FOUND,
                        "no station " + stationId + " is registered"));
        if (station.status() == StationStatus.REVOKED) {
            throw ContractErrors.refuse(LedgerError.STATION_REVOKED, "station " + station.stationId()
                    + " was revoked at " + station.revokedAt() + "; its signatures are refused");
        }
        if (!station.mspId().equals(caller)) {
            throw ContractErrors.refuse(LedgerError.STATION_NOT_OWNED,
                    "station " + station.stationId() + " does not belong to " + caller);
        }
        return station;
    }

    /**
     * The device becomes WIPE_FAILED (NOT_ERASED, or locked: exception DEVICE_LOCKED) or WIPED, with the erasure's
     * summary; its ERASURE_RECORDED event and the report index are written, and the changes committed.
     */
    private static Device write(final Changes changes, final DeviceStore store, final Device device,
            final ErasureRecord record, final Station station) {
        final DeviceState outcome = record.result() == ErasureResult.NOT_ERASED || device.locked()
                ? DeviceState.WIPE_FAILED : DeviceState.WIPED;
        final String eventId = changes.nextEventId();
        final Device.Builder next = device.toBuilder()
                .siteId(record.siteId())
                .erasure(new ErasureSummary(record.reportId(), eventId, record.method(), record.result(),
                        record.verification().mode(), station.stationId(), changes.now()));
        Lifecycle.move(next, device.deviceId(), Action.ERASE, outcome);
        final Device erased = changes.change(device, next, EventType.ERASURE_RECORDED, record.siteId(),
                Changes.details(
                        "erasure", record,
                        "stationAlgorithm", station.algorithm(),
                        "exceptions", device.locked() ? List.of("DEVICE_LOCKED") : null))
                .device();
        store.putReport(record.reportId(), device.deviceId(), eventId);
        changes.commit();
        return erased;
    }

    /**
     * An erasure as RecordErasure takes it: the JSON object the station signed, the record read from it, and the
     * signature's bytes.
     */
    private record SignedErasure(ObjectNode node, ErasureRecord record, byte[] signature) {

        /** Reads and checks every member; fails with INVALID_ARGUMENT. */
        static SignedErasure parse(final String erasureJson) {
            final ObjectNode node = Fields.parseObject(erasureJson, "erasureJson");
            final Fields in = Fields.of(node, "erasureJson", ERASURE_FIELDS);
            final Fields verificationIn = in.object("verification", VERIFICATION_FIELDS);
            final ErasureResult result = in.enumValue("result", ErasureResult.class);
            final String resultReason = in.optionalMatching("resultReason", Fields.ID, Fields.ID_RULE);
            final ErasureRecord record = new ErasureRecord(
                    in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE),
                    in.matching("reportId", Fields.ID, Fields.ID_RULE),
                    in.matching("reportSha256", Fields.HEX_256, Fields.HEX_256_RULE),
                    in.optionalMatching("reportSm3", Fields.HEX_256, Fields.HEX_256_RULE),
                    in.enumValue("method", ErasureMethod.class),
                    in.matching("technique", Identifiers.LABEL_PATTERN, Identifiers.LABEL_RULE),
                    in.matching("standard", Identifiers.LABEL_PATTERN, Identifiers.LABEL_RULE),
                    in.matching("tool", Identifiers.LABEL_PATTERN, Identifiers.LABEL_RULE),
                    in.matching("toolVersion", Identifiers.LABEL_PATTERN, Identifiers.LABEL_RULE),
                    result,
                    resultReason,
                    new Verification(
                            verificationIn.enumValue("mode", VerificationMode.class),
                            verificationIn.matching("by", Fields.ID, Fields.ID_RULE)),
                    in.instant("startedAt"),
                    in.instant("endedAt"),
                    in.matching("siteId", Fields.ID, Fields.ID_RULE),
                    in.matching("operator", Fields.ID, Fields.ID_RULE),
                    in.optionalMatching("witness", Fields.ID, Fields.ID_RULE),
                    in.matching("consentReference", Fields.ID, Fields.ID_RULE),
                    in.matching("stationId", Fields.ID, Fields.ID_RULE),
                    in.text("signature", MAX_SIGNATURE_LENGTH));
            final byte[] signature = in.base64("signature", MAX_SIGNATURE_LENGTH);
            if (result != ErasureResult.ERASED && resultReason == null) {
                throw Fields.invalid("erasureJson.resultReason is required when the result is " + result);
            }
            return new SignedErasure(node, record, signature);
        }

        /** startedAt ≤ endedAt ≤ the transaction time plus {@link Erasures#CLOCK_SKEW}; else INVALID_ARGUMENT. */
        void requireTimes(final Instant transactionTime) {
            final Instant started = Instant.parse(record.startedAt());
            final Instant ended = Instant.parse(record.endedAt());
            if (ended.isBefore(started)) {
                throw Fields.invalid("erasureJson.endedAt is before startedAt");
            }
            if (ended.isAfter(transactionTime.plus(CLOCK_SKEW))) {
                throw Fields.invalid("erasureJson.endedAt lies after the transaction time (plus " + CLOCK_SKEW + ")");
            }
        }

        /** The signature must verify under the station's key over the canonical unsigned record: SIGNATURE_INVALID. */
        void requireSignedBy(final Station station) {
            final byte[] signed = ErasurePayload.canonicalBytes(node);
            if (!station.algorithm().verify(Base64.getDecoder().decode(station.publicKey()), signed, signature)) {
                throw ContractErrors.refuse(LedgerError.SIGNATURE_INVALID,
                        "the signature does not verify under station " + station.stationId() + "'s "
                                + station.algorithm() + " key");
            }
        }
    }
}
