package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.BatchedState;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** The custody checks the capabilities share: the caller must hold the device, and its state must allow the action. */
final class Custody {

    private Custody() {}

    /** The device, in the caller's custody: DEVICE_NOT_FOUND, NOT_CUSTODIAN. */
    static Device held(final DeviceStore store, final String deviceId, final String caller) {
        final Device device = store.requireDevice(deviceId);
        if (!device.custodianMspId().equals(caller)) {
            // Names no other organisation: the caller learns nothing about who holds the device.
            throw ContractErrors.refuse(LedgerError.NOT_CUSTODIAN,
                    "device " + deviceId + " is not in the custody of " + caller);
        }
        return device;
    }

    /**
     * The device, in the caller's custody and in a state that allows the action: as {@link #held}, then
     * ILLEGAL_TRANSITION.
     */
    static Device ready(final DeviceStore store, final String deviceId, final String caller, final Action action) {
        final Device device = held(store, deviceId, caller);
        Lifecycle.require(device, action);
        return device;
    }

    /** Every device, as {@link #ready}, in the order given. */
    static List<Device> allReady(
            final DeviceStore store, final List<String> deviceIds, final String caller, final Action action) {
        final List<Device> devices = new ArrayList<>(deviceIds.size());
        for (final String deviceId : deviceIds) {
            devices.add(ready(store, deviceId, caller, action));
        }
        return devices;
    }

    /**
     * The checks of a single-device step with no rule beyond custody and the state (dismantling, storage destruction,
     * refurbishment): as {@link #step(Context, String, String, Action, Function, Role...)}.
     */
    static Step step(final Context ctx, final String deviceId, final String siteId, final Action action,
            final Role... roles) {
        return step(ctx, deviceId, siteId, action, device -> device, roles).step();
    }

    /**
     * The checks of a single-device step, in this order: role, device, custodian, the step's own rules (which name the
     * rule they refuse by, e.g. the national standard's for a resale), transition, site.
     *
     * @param rules checks the device held by the caller and returns what it found (e.g. the basis of a release)
     * @return the step and what the rules returned
     */
    static <T> Ruled<T> step(final Context ctx, final String deviceId, final String siteId, final Action action,
            final Function<Device, T> rules, final Role... roles) {
        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        // The caller's organisation, the device and the site: one message to the peer.
        final BatchedState state = new BatchedState(stub);
        state.prefetch(List.of(Registry.organisationKey(caller), DeviceStore.deviceKey(deviceId),
                Registry.siteKey(siteId)));
        final Registry registry = new Registry(stub, state);
        registry.memberWithRole(caller, roles);
        final DeviceStore store = new DeviceStore(stub, state);
        final Device device = held(store, deviceId, caller);
        final T ruling = rules.apply(device);
        Lifecycle.require(device, action);
        registry.siteOwnedBy(siteId, caller);
        return new Ruled<>(new Step(stub, store, caller, device), ruling);
    }

    /** A step that passed its checks, and what its rules found. */
    record Ruled<T>(Step step, T ruling) {}

    /** A single-device step that passed its checks, ready to record the device's next version. */
    record Step(ChaincodeStub stub, DeviceStore store, String caller, Device device) {

        /** Records the change and its event, commits, and returns the device as stored (canonical JSON). */
        String finish(final Device.Builder next, final EventType type, final String siteId,
                final Map<String, Object> details) {
            final Changes changes = new Changes(stub, store, caller);
            final Device changed = changes.change(device, next, type, siteId, details).device();
            changes.commit();
            return LedgerJson.toText(changed);
        }
    }
}
