package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Smelting lots: a smelter's lot of devices whose storage was destroyed, closed once. Behind {@link DeviceContract}'s
 * RecordSmeltingLot and GetLot.
 */
final class Lots {

    private static final Set<String> LOT_FIELDS = Set.of(
            "lotId", "deviceIds", "inputCount", "inputWeightGrams", "outputWeightGrams", "siteId");

    private Lots() {}

    /** RecordSmeltingLot: STORAGE_DESTROYED devices smelted in one lot, closed once. */
    static String recordSmeltingLot(final Context ctx, final String lotJson) {
        final Fields in = Fields.parse(lotJson, "lotJson", LOT_FIELDS);
        final String lotId = in.matching("lotId", Fields.ID, Fields.ID_RULE);
        final List<String> deviceIds =
                in.distinctList("deviceIds", 1, FieldLimits.MAX_DEVICES_PER_OPERATION, Identifiers.DEVICE_ID_PATTERN,
                        Identifiers.DEVICE_ID_RULE);
        final long inputCount = in.integer("inputCount", 1, FieldLimits.MAX_DEVICES_PER_OPERATION);
        final long inputWeight = in.integer("inputWeightGrams", 1, FieldLimits.MAX_GRAMS);
        final long outputWeight = in.integer("outputWeightGrams", 0, FieldLimits.MAX_GRAMS);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        if (inputCount != deviceIds.size()) {
            throw ContractErrors.refuse(LedgerError.COUNT_MISMATCH,
                    "inputCount is " + inputCount + " but " + deviceIds.size() + " devices are listed");
        }
        if (outputWeight > inputWeight) {
            throw ContractErrors.refuse(LedgerError.WEIGHT_MISMATCH, "outputWeightGrams " + outputWeight
                    + " exceeds inputWeightGrams " + inputWeight);
        }

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        final Registry registry = new Registry(stub);
        registry.memberWithRole(caller, Role.SMELTER);
        registry.siteOwnedBy(siteId, caller);
        final DeviceStore store = new DeviceStore(stub);
        if (store.findLot(lotId).isPresent()) {
            throw ContractErrors.refuse(LedgerError.LOT_CLOSED, "lot " + lotId + " was closed already");
        }
        final List<Device> devices = Custody.allReady(store, deviceIds, caller, Action.SMELT);

        final Changes changes = new Changes(stub, store, caller);
        for (final Device device : devices) {
            final Device.Builder next = device.toBuilder().siteId(siteId).lotId(lotId);
            Lifecycle.move(next, device.deviceId(), Action.SMELT, DeviceState.SMELTED);
            changes.change(device, next, EventType.SMELTED, siteId, Changes.details(
                    "lotId", lotId,
                    "inputCount", inputCount,
                    "inputWeightGrams", inputWeight,
                    "outputWeightGrams", outputWeight));
        }
        final SmeltingLot lot = new SmeltingLot(
                lotId, deviceIds, inputCount, inputWeight, outputWeight, siteId, caller, changes.now(), changes.txId());
        store.putLot(lot);
        changes.commit();
        return LedgerJson.toText(lot);
    }

    /** GetLot. */
    static String getLot(final Context ctx, final String lotId) {
        Fields.requireMatch(lotId, "lotId", Fields.ID, Fields.ID_RULE);
        return LedgerJson.toText(new DeviceStore(ctx.getStub())
                .findLot(lotId)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.LOT_NOT_FOUND, "no lot " + lotId)));
    }
}
