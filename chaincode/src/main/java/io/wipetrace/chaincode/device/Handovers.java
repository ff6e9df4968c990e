package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Organisation;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Handovers of aggregations (bag, box, pallet) between organisations: offered by the custodian, then accepted (all
 * of it, or the devices that arrived, the others recorded as missing) or rejected by the receiver. Behind {@link DeviceContract}'s OfferHandover, AcceptHandover, RejectHandover and
 * GetHandover.
 */
final class Handovers {

    private static final Set<String> OFFER_FIELDS =
            Set.of("handoverId", "deviceIds", "containerId", "toMspId", "toSiteId", "sealId", "waybill");
    private static final Set<String> ACCEPT_FIELDS = Set.of("sealIntact", "note", "missingDeviceIds");

    private Handovers() {}

    /** OfferHandover: the devices go IN_TRANSIT under a PENDING handover. */
    static String offer(final Context ctx, final String offerJson) {
        final Fields in = Fields.parse(offerJson, "offerJson", OFFER_FIELDS);
        final String handoverId = in.matching("handoverId", Fields.ID, Fields.ID_RULE);
        final List<String> deviceIds =
                in.distinctList("deviceIds", 1, FieldLimits.MAX_DEVICES_PER_OPERATION, Identifiers.DEVICE_ID_PATTERN,
                        Identifiers.DEVICE_ID_RULE);
        final String containerId = in.optionalMatching("containerId", Fields.ID, Fields.ID_RULE);
        final String toMspId = in.matching("toMspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        final String toSiteId = in.matching("toSiteId", Fields.ID, Fields.ID_RULE);
        final String sealId = in.optionalMatching("sealId", Fields.ID, Fields.ID_RULE);
        final String waybill = in.optionalText("waybill", FieldLimits.SHORT_TEXT);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.member(caller);
        requireReceiver(registry, toMspId, toSiteId);
        final DeviceStore store = new DeviceStore(stub);
        if (store.findHandover(handoverId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.HANDOVER_EXISTS, "handover " + handoverId + " exists already");
        }
        final List<Device> devices = Custody.allReady(store, deviceIds, caller, Action.OFFER);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            final Device.Builder next =
                    device.toBuilder().stateBeforeTransit(device.state()).pendingHandoverId(handoverId);
            Lifecycle.move(next, device.deviceId(), Action.OFFER, DeviceState.IN_TRANSIT);
            changes.change(device, next, EventType.HANDOVER_OFFERED, device.siteId(), Changes.details(
                    "handoverId", handoverId,
                    "containerId", containerId,
                    "deviceCount", (long) deviceIds.size(),
                    "fromMspId", caller,
                    "toMspId", toMspId,
                    "toSiteId", toSiteId,
                    "sealId", sealId,
                    "waybill", FreeText.of(waybill)));
        }
        final Handover handover = Handover.offered(handoverId, deviceIds, containerId, caller, toMspId, toSiteId,
                sealId, waybill, changes.now(), changes.txId());
        store.putHandover(handover);
        changes.commit();
        return LedgerJson.toText(handover);
    }

    /**
     * The receiver must be registered with a role that takes custody, and own the site: ORGANISATION_NOT_FOUND,
     * ROLE_NOT_HELD, SITE_NOT_FOUND, SITE_NOT_OWNED.
     */
    private static void requireReceiver(final Registry registry, final String toMspId, final String toSiteId) {
        final Organisation receiver = registry.findOrganisation(toMspId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.ORGANISATION_NOT_FOUND,
                        "receiver " + toMspId + " is not registered"));
        if (!(receiver.holds(Role.COLLECTOR) || receiver.holds(Role.LOGISTICS) || receiver.holds(Role.PROCESSOR)
                || receiver.holds(Role.SMELTER))) {
            throw ContractErrors.refuse(LedgerError.ROLE_NOT_HELD, "receiver " + toMspId
                    + " holds no role that takes custody (COLLECTOR, LOGISTICS, PROCESSOR, SMELTER)");
        }
        registry.siteOwnedBy(toSiteId, toMspId);
    }

    /**
     * AcceptHandover: custody of every device that arrived moves to the receiver; each device listed in {@code
     * missingDeviceIds} becomes MISSING, still in the sender's custody.
     */
    static String accept(final Context ctx, final String handoverId, final String acceptJson) {
        Fields.requireMatch(handoverId, "handoverId", Fields.ID, Fields.ID_RULE);
        final Fields in = Fields.parse(acceptJson, "acceptJson", ACCEPT_FIELDS);
        final boolean sealIntact = in.bool("sealIntact");
        final String note = in.optionalText("note", FieldLimits.LONG_TEXT);
        final Set<String> missing = missingDeviceIds(in);

        return close(ctx, handoverId, handover -> {
            requireMissingInHandover(handover, missing);
            return (changes, device) -> {
                final List<String> exceptions = sealExceptions(sealIntact, device.stateBeforeTransit());
                if (missing.contains(device.deviceId())) {
                    // Custody and site stay the sender's: the receiver never held the device.
                    final Device.Builder next = released(device);
                    Lifecycle.move(next, device.deviceId(), Action.REPORT_MISSING, DeviceState.MISSING);
                    changes.change(device, next, EventType.DEVICE_MISSING, device.siteId(), closingDetails(handover,
                            "toSiteId", handover.toSiteId(),
                            "sealId", handover.sealId(),
                            "sealIntact", sealIntact,
                            "offeredInState", device.stateBeforeTransit().name(),
                            "note", FreeText.of(note),
                            "exceptions", missingExceptions(exceptions)));
                    return;
                }
                final Device.Builder next = released(device)
                        .custodianMspId(handover.toMspId())
                        .siteId(handover.toSiteId());
                Lifecycle.move(next, device.deviceId(), Action.ACCEPT,
                        Lifecycle.afterAcceptance(device.stateBeforeTransit()));
                changes.change(device, next, EventType.HANDOVER_ACCEPTED, handover.toSiteId(), closingDetails(handover,
                        "sealId", handover.sealId(),
                        "sealIntact", sealIntact,
                        "note", FreeText.of(note),
                        "exceptions", exceptions));
            };
        }, (handover, changes) -> handover.accepted(changes.now(), changes.txId(), sealIntact, note, missing));
    }

    /**
     * The optional {@code missingDeviceIds}: device IDs (INVALID_ARGUMENT if malformed), each listed once
     * (MISSING_DEVICE_LISTED_TWICE).
     */
    private static Set<String> missingDeviceIds(final Fields in) {
        if (!in.has("missingDeviceIds")) {
            return Set.of();
        }
        return Set.copyOf(in.distinctList("missingDeviceIds", 0, FieldLimits.MAX_DEVICES_PER_OPERATION,
                Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE, LedgerError.MISSING_DEVICE_LISTED_TWICE));
    }

    /**
     * Every missing device must be one of the handover's (MISSING_DEVICE_NOT_IN_HANDOVER), and at least one device
     * must have arrived (MISSING_EVERY_DEVICE): accepting none is a rejection.
     */
    private static void requireMissingInHandover(final Handover handover, final Set<String> missing) {
        final Set<String> inHandover = Set.copyOf(handover.deviceIds());
        for (final String deviceId : missing) {
            if (!inHandover.contains(deviceId)) {
                throw ContractErrors.refuse(LedgerError.MISSING_DEVICE_NOT_IN_HANDOVER,
                        "device " + deviceId + " is not in handover " + handover.handoverId());
            }
        }
        if (missing.size() == handover.deviceIds().size()) {
            throw ContractErrors.refuse(LedgerError.MISSING_EVERY_DEVICE, "every device of handover "
                    + handover.handoverId() + " is listed as missing; reject the handover instead");
        }
    }

    /**
     * The exceptions of a device's acceptance: none with an intact seal; {@code SEAL_BROKEN} with a broken one, and
     * {@code SEAL_BROKEN_BEFORE_ERASURE} too when the device had not been wiped yet (offered as COLLECTED or
     * RECEIVED): its user data was within reach of whoever broke the seal, a possible access without consent.
     */
    private static List<String> sealExceptions(final boolean sealIntact, final DeviceState offeredIn) {
        if (sealIntact) {
            return null;
        }
        return offeredIn == DeviceState.COLLECTED || offeredIn == DeviceState.RECEIVED
                ? List.of("SEAL_BROKEN", "SEAL_BROKEN_BEFORE_ERASURE")
                : List.of("SEAL_BROKEN");
    }

    /** A missing device's exceptions: {@code DEVICE_MISSING} first, then those of the seal. */
    private static List<String> missingExceptions(final List<String> sealExceptions) {
        final List<String> exceptions = new ArrayList<>();
        exceptions.add("DEVICE_MISSING");
        if (sealExceptions != null) {
            exceptions.addAll(sealExceptions);
        }
        return List.copyOf(exceptions);
    }

    /** RejectHandover: every device goes back to the state it was offered in. */
    static String reject(final Context ctx, final String handoverId, final String reason) {
        Fields.requireMatch(handoverId, "handoverId", Fields.ID, Fields.ID_RULE);
        Fields.requireText(reason, "reason", FieldLimits.LONG_TEXT);

        return close(ctx, handoverId, handover -> (changes, device) -> {
            final Device.Builder next = released(device);
            Lifecycle.move(next, device.deviceId(), Action.REJECT, device.stateBeforeTransit());
            changes.change(device, next, EventType.HANDOVER_REJECTED, device.siteId(), closingDetails(handover,
                    "reason", FreeText.of(reason)));
        }, (handover, changes) -> handover.rejected(changes.now(), changes.txId(), reason));
    }

    /** What closing a handover does to one of its devices: records the device's change in {@code changes}. */
    @FunctionalInterface
    private interface DeviceClosing {
        void close(Changes changes, Device device);
    }

    /**
     * Closes a pending handover, the one loop that acceptance and rejection share: the handover must exist
     * (HANDOVER_NOT_FOUND), be addressed to the caller (NOT_RECEIVER) and be pending (HANDOVER_CLOSED); every device
     * must still be in transit under it; then each device is closed in the order offered, the handover is stored
     * closed and everything is committed.
     *
     * @param perDevice given the pending handover (after its checks, before any change), what to do per device; may
     *     refuse
     * @param closed the handover as closed
     */
    private static String close(final Context ctx, final String handoverId,
            final Function<Handover, DeviceClosing> perDevice,
            final BiFunction<Handover, Changes, Handover> closed) {
        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final DeviceStore store = new DeviceStore(stub);
        final Handover handover = pendingHandoverFor(store, handoverId, caller);
        final List<Device> devices = transitDevices(store, handover);
        final DeviceClosing closing = perDevice.apply(handover);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            closing.close(changes, device);
        }
        final Handover result = closed.apply(handover, changes);
        store.putHandover(result);
        changes.commit();
        return LedgerJson.toText(result);
    }

    /** The device's next version, out of transit: no pending handover, no state to go back to. */
    private static Device.Builder released(final Device device) {
        return device.toBuilder().stateBeforeTransit(null).pendingHandoverId(null);
    }

    /** The details every closing event carries (handover, container, sender, receiver), then the given ones. */
    private static Map<String, Object> closingDetails(final Handover handover, final Object... more) {
        final Object[] all = new Object[8 + more.length];
        final Object[] common = {
            "handoverId", handover.handoverId(),
            "containerId", handover.containerId(),
            "fromMspId", handover.fromMspId(),
            "toMspId", handover.toMspId()
        };
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return Changes.details(all);
    }

    /** GetHandover. */
    static String get(final Context ctx, final String handoverId) {
        Fields.requireMatch(handoverId, "handoverId", Fields.ID, Fields.ID_RULE);
        return LedgerJson.toText(new DeviceStore(ctx.getStub())
                .findHandover(handoverId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.HANDOVER_NOT_FOUND, "no handover " + handoverId)));
    }

    private static Handover pendingHandoverFor(final DeviceStore store, final String handoverId, final String caller) {
        final Handover handover = store.findHandover(handoverId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.HANDOVER_NOT_FOUND, "no handover " + handoverId));
        if (!handover.toMspId().equals(caller)) {
            // Names no other organisation: the caller learns nothing about whom the handover is for.
            throw ContractErrors.refuse(LedgerError.NOT_RECEIVER,
                    "handover " + handoverId + " is not addressed to " + caller);
        }
        if (handover.status() != HandoverStatus.PENDING) {
            throw ContractErrors.refuse(LedgerError.HANDOVER_CLOSED,
                    "handover " + handoverId + " was " + handover.status() + " already");
        }
        return handover;
    }

    private static List<Device> transitDevices(final DeviceStore store, final Handover handover) {
        final List<Device> devices = new ArrayList<>(handover.deviceIds().size());
        for (final String deviceId : handover.deviceIds()) {
            final Device device = store.requireDevice(deviceId);
            if (device.state() != DeviceState.IN_TRANSIT || !handover.handoverId().equals(device.pendingHandoverId())) {
                // Cannot happen while IN_TRANSIT devices only leave that state through their handover; kept as a guard.
                throw ContractErrors.refuse(LedgerError.ILLEGAL_TRANSITION,
                        "device " + deviceId + " is not in transit under handover " + handover.handoverId());
            }
            devices.add(device);
        }
        return devices;
    }
}
