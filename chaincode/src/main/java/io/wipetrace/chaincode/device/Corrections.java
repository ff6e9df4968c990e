package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Organisation;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Corrections: an event is never changed; a CORRECTION event on the same device says what was wrong. Behind {@link
 * DeviceContract}'s CorrectEvent.
 */
final class Corrections {

    private static final Set<String> CORRECTION_FIELDS = Set.of("deviceId", "eventId", "reason", "correction");
    private static final int MAX_CORRECTION_BYTES = 8192;

    private Corrections() {}

    /**
     * CorrectEvent: a CORRECTION event appended by the original's writer or a regulator. The caller names the device
     * with the event, and the event is looked for among that device's events only: no index from event IDs to devices
     * is kept, so that every other transaction writes one key fewer.
     */
    static String correctEvent(final Context ctx, final String correctionJson) {
        final Fields in = Fields.parse(correctionJson, "correctionJson", CORRECTION_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String eventId = in.matching("eventId", DeviceStore.EVENT_ID, "txId:index");
        final String reason = in.text("reason", FieldLimits.LONG_TEXT);
        final ObjectNode correction = in.rawObject("correction");
        requireIntegersOnly(correction, "correctionJson.correction");
        if (LedgerJson.toBytes(correction).length > MAX_CORRECTION_BYTES) {
            throw Fields.invalid("correctionJson.correction is larger than " + MAX_CORRECTION_BYTES + " bytes");
        }

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        final Organisation organisation = registry.member(caller);
        final DeviceStore store = new DeviceStore(stub);
        final Device device = store.requireDevice(deviceId);
        final EventRecord original = store.findEvent(device, eventId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.EVENT_NOT_FOUND,
                        "device " + deviceId + " has no event " + eventId));
        if (!original.actorMspId().equals(caller) && !organisation.holds(Role.REGULATOR)) {
            // Names no other organisation: the caller learns nothing about who wrote it.
            throw ContractErrors.refuse(LedgerError.NOT_EVENT_WRITER, "event " + eventId + " was not written by "
                    + caller + "; only its writer or a regulator may correct it");
        }

        final Changes changes = new Changes(stub, store, caller);
        final EventRecord event = changes.change(device, device.toBuilder(), EventType.CORRECTION, null,
                Changes.details(
                        "correctsEventId", eventId,
                        "correctsType", original.type(),
                        "reason", FreeText.of(reason),
                        "correction", withTextsCommitted(correction)))
                .event();
        changes.commit();
        return LedgerJson.toText(event);
    }

    private static void requireIntegersOnly(final JsonNode node, final String where) {
        if (node.isFloatingPointNumber()) {
            throw Fields.invalid(where + " holds a floating-point number; use integers or strings");
        }
        for (final JsonNode child : node) {
            requireIntegersOnly(child, where);
        }
    }

    /**
     * A correction as its event holds it: every string in it, at any depth, a text commitment (what a partner types
     * never reaches the public in clear); numbers, booleans and the structure as they are.
     */
    private static Object withTextsCommitted(final JsonNode node) {
        if (node.isTextual()) {
            return FreeText.of(node.asText());
        }
        if (node.isObject()) {
            final java.util.Map<String, Object> members = new java.util.TreeMap<>();
            node.properties().forEach(member -> members.put(member.getKey(), withTextsCommitted(member.getValue())));
            return members;
        }
        if (node.isArray()) {
            final java.util.List<Object> elements = new java.util.ArrayList<>();
            node.forEach(element -> elements.add(withTextsCommitted(element)));
            return elements;
        }
        return node;
    }
}
