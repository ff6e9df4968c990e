package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;

/**
 * The owner's say over a device collected without a consent record, before anything could reach its user data: the
 * custodian records the owner's consent later, or hands the device back unwiped. Behind {@link DeviceContract}'s
 * RecordConsent and ReturnToOwner.
 *
 * <p>The national standard: the user is told the scope, method and impact of the erasure and consents before it; no
 * access to user data without consent. A consent recorded here is held exactly as one given at collection (the
 * erasure record must name its reference, {@link LedgerError#CONSENT_MISMATCH}); one recorded after an erasure
 * attempt would come too late ({@link LedgerError#CONSENT_AFTER_ERASURE}).
 */
final class Owners {

    private static final Set<String> CONSENT_FIELDS =
            Set.of("deviceId", "siteId", "reference", "scope", "method", "impact");
    private static final Set<String> RETURN_FIELDS = Set.of("deviceId", "siteId", "reason");
    /** The custodians that deal with an owner: whoever collected or is about to wipe the device. */
    private static final Role[] CUSTODIAN_ROLES = {Role.COLLECTOR, Role.PROCESSOR};

    private Owners() {}

    /** RecordConsent: the owner's consent, recorded once, before any erasure attempt. */
    static String recordConsent(final Context ctx, final String consentJson) {
        final Fields in = Fields.parse(consentJson, "consentJson", CONSENT_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final Consent consent = new Consent(
                in.matching("reference", Fields.ID, Fields.ID_RULE),
                in.text("scope", FieldLimits.LONG_TEXT),
                in.text("method", FieldLimits.TEXT),
                in.text("impact", FieldLimits.LONG_TEXT));

        final Custody.Step step = Custody.step(ctx, deviceId, siteId, Action.RECORD_CONSENT,
                Owners::requireNoConsentYet, CUSTODIAN_ROLES).step();
        final Device.Builder next = step.device().toBuilder().consent(consent);
        Lifecycle.move(next, deviceId, Action.RECORD_CONSENT, step.device().state());
        return step.finish(next, EventType.CONSENT_RECORDED, siteId, Changes.details("consent", consent.inEvent()));
    }

    /** ReturnToOwner: a device not wiped yet handed back to its owner; RETURNED is terminal. */
    static String returnToOwner(final Context ctx, final String returnJson) {
        final Fields in = Fields.parse(returnJson, "returnJson", RETURN_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String reason = in.matching("reason", Fields.ID, Fields.ID_RULE);

        final Custody.Step step = Custody.step(ctx, deviceId, siteId, Action.RETURN, CUSTODIAN_ROLES);
        final Device.Builder next = step.device().toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.RETURN, DeviceState.RETURNED);
        return step.finish(next, EventType.RETURNED_TO_OWNER, siteId, Changes.details("reason", reason));
    }

    /** CONSENT_AFTER_ERASURE (wiped or processed), then CONSENT_EXISTS; the state machine decides the rest. */
    private static Device requireNoConsentYet(final Device device) {
        if (device.erasure() != null) {
            throw ContractErrors.refuse(LedgerError.CONSENT_AFTER_ERASURE, "device " + device.deviceId()
                    + " went through an erasure already; consent must come before it");
        }
        if (device.consent() != null) {
            throw ContractErrors.refuse(LedgerError.CONSENT_EXISTS, "device " + device.deviceId()
                    + " has a consent record already (" + device.consent().reference() + ")");
        }
        return device;
    }
}
