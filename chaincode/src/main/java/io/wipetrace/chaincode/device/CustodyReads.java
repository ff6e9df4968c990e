package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.LedgerJson;
import io.wipetrace.chaincode.registry.Registry;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Custody reads: a device by ID or by receipt, its history, and the devices in an organisation's custody a page at a
 * time. Behind {@link DeviceContract}'s GetDevice, GetDeviceByReceipt, GetHistory and ListDevicesByCustodian.
 */
final class CustodyReads {

    private CustodyReads() {}

    /** GetDevice. */
    static String getDevice(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        return LedgerJson.toText(new DeviceStore(ctx.getStub()).requireDevice(deviceId));
    }

    /** GetDeviceByReceipt. */
    static String getDeviceByReceipt(final Context ctx, final String receiptHash) {
        Fields.requireMatch(receiptHash, "receiptHash", Fields.HEX_256, Fields.HEX_256_RULE);
        final DeviceStore store = new DeviceStore(ctx.getStub());
        final String deviceId = store.deviceIdForReceipt(receiptHash)
                .orElseThrow(() -> ContractErrors.refuse(LedgerError.DEVICE_NOT_FOUND,
                        "no device has this receipt hash"));
        return LedgerJson.toText(store.requireDevice(deviceId));
    }

    /** GetHistory: the device's events, oldest first. */
    static String getHistory(final Context ctx, final String deviceId) {
        Fields.requireMatch(deviceId, "deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final DeviceStore store = new DeviceStore(ctx.getStub());
        store.requireDevice(deviceId);
        final List<JsonNode> events = store.history(deviceId);
        return LedgerJson.toText(Map.of("deviceId", deviceId, "events", events));
    }

    /** ListDevicesByCustodian: a page of the custodian~state~deviceId index. */
    static String listDevicesByCustodian(
            final Context ctx, final String mspId, final String state, final String pageSize, final String bookmark) {
        Fields.requireMatch(mspId, "mspId", Fields.MSP_ID, Fields.MSP_ID_RULE);
        final DeviceState filter = stateFilter(state);
        final int size = pageSize(pageSize);
        final String fabricBookmark = decodeBookmark(bookmark);

        final ChaincodeStub stub = ctx.getStub();
        final String caller = ctx.getClientIdentity().getMSPID();
        if (!caller.equals(mspId) && !new Registry(stub).isRegulator(caller)) {
            throw ContractErrors.refuse(LedgerError.NOT_AUTHORISED,
                    caller + " may list only its own custody; regulators may list any organisation's");
        }
        final DeviceStore.Page page = new DeviceStore(stub).custodyPage(mspId, filter, size, fabricBookmark);
        final String next = page.bookmark().isEmpty()
                ? ""
                : Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(page.bookmark().getBytes(StandardCharsets.UTF_8));
        return LedgerJson.toText(Map.of("bookmark", next, "devices", page.devices()));
    }

    /** The state to list, or null for every state; fails with INVALID_ARGUMENT. */
    private static DeviceState stateFilter(final String state) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        try {
            return DeviceState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid("state must be empty or one of " + List.of(DeviceState.values()));
        }
    }

    /** The page size, 1 to {@link FieldLimits#MAX_PAGE_SIZE}, from decimal text; fails with INVALID_ARGUMENT. */
    private static int pageSize(final String pageSize) {
        final int size;
        try {
            size = Integer.parseInt(pageSize == null ? "" : pageSize);
        } catch (NumberFormatException e) {
            throw Fields.invalid("pageSize must be an integer from 1 to " + FieldLimits.MAX_PAGE_SIZE);
        }
        if (size < 1 || size > FieldLimits.MAX_PAGE_SIZE) {
            throw Fields.invalid("pageSize must be an integer from 1 to " + FieldLimits.MAX_PAGE_SIZE);
        }
        return size;
    }

    /** The Fabric bookmark behind one this transaction returned ("" for the first page); else INVALID_ARGUMENT. */
    private static String decodeBookmark(final String bookmark) {
        if (bookmark == null || bookmark.isEmpty()) {
            return "";
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        if (!decoded.startsWith("\u0000" + DeviceKeys.CUSTODY + "\u0000")) {
            throw Fields.invalid("bookmark is not one this transaction returned");
        }
        return decoded;
    }
}
