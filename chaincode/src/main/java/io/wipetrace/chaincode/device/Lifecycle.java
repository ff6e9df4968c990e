package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.device.Action.ACCEPT;
import static io.wipetrace.chaincode.device.Action.DESTROY_STORAGE;
import static io.wipetrace.chaincode.device.Action.DISMANTLE;
import static io.wipetrace.chaincode.device.Action.ERASE;
import static io.wipetrace.chaincode.device.Action.EXPORT;
import static io.wipetrace.chaincode.device.Action.OFFER;
import static io.wipetrace.chaincode.device.Action.RECORD_CONSENT;
import static io.wipetrace.chaincode.device.Action.REFURBISH;
import static io.wipetrace.chaincode.device.Action.REJECT;
import static io.wipetrace.chaincode.device.Action.REPORT_MISSING;
import static io.wipetrace.chaincode.device.Action.RESELL;
import static io.wipetrace.chaincode.device.Action.RETURN;
import static io.wipetrace.chaincode.device.Action.SMELT;
import static io.wipetrace.proof.ledger.DeviceState.COLLECTED;
import static io.wipetrace.proof.ledger.DeviceState.DISMANTLED;
import static io.wipetrace.proof.ledger.DeviceState.EXPORTED;
import static io.wipetrace.proof.ledger.DeviceState.IN_TRANSIT;
import static io.wipetrace.proof.ledger.DeviceState.MISSING;
import static io.wipetrace.proof.ledger.DeviceState.RECEIVED;
import static io.wipetrace.proof.ledger.DeviceState.REFURBISHED;
import static io.wipetrace.proof.ledger.DeviceState.RESOLD;
import static io.wipetrace.proof.ledger.DeviceState.RETURNED;
import static io.wipetrace.proof.ledger.DeviceState.SMELTED;
import static io.wipetrace.proof.ledger.DeviceState.STORAGE_DESTROYED;
import static io.wipetrace.proof.ledger.DeviceState.WIPED;
import static io.wipetrace.proof.ledger.DeviceState.WIPE_FAILED;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The device state machine: the one table of which action may move a device from which state to which.
 *
 * <pre>
 * from               action           to
 * COLLECTED          OFFER            IN_TRANSIT
 * COLLECTED          RECORD_CONSENT   COLLECTED (the owner's consent recorded after collection; once, see Owners)
 * COLLECTED          RETURN           RETURNED (terminal): handed back unwiped to its owner
 * IN_TRANSIT         ACCEPT           RECEIVED if offered from COLLECTED or RECEIVED, else the state it was offered in
 *                                     (WIPED, WIPE_FAILED, DISMANTLED, STORAGE_DESTROYED): processing is not undone
 *                                     by moving
 * IN_TRANSIT         REJECT           the state it was offered in, custody unchanged
 * IN_TRANSIT         REPORT_MISSING   MISSING (terminal): not found by the receiver that accepted the rest of the
 *                                     handover; custody stays with the sender, who is accountable for it
 * RECEIVED           OFFER            IN_TRANSIT
 * RECEIVED           ERASE            WIPED, or WIPE_FAILED if the result is NOT_ERASED or the device is locked
 * RECEIVED           RECORD_CONSENT   RECEIVED (as from COLLECTED: before any erasure)
 * RECEIVED           RETURN           RETURNED (terminal)
 * WIPED              OFFER            IN_TRANSIT
 * WIPED              DISMANTLE        DISMANTLED
 * WIPED              REFURBISH        REFURBISHED, only after a verified erasure
 * WIPED              EXPORT           EXPORTED (terminal), only after an erasure the national standard accepts
 * WIPE_FAILED        OFFER            IN_TRANSIT
 * WIPE_FAILED        DISMANTLE        DISMANTLED (physical destruction path; never REFURBISHED)
 * DISMANTLED         OFFER            IN_TRANSIT
 * DISMANTLED         DESTROY_STORAGE  STORAGE_DESTROYED
 * STORAGE_DESTROYED  OFFER            IN_TRANSIT
 * STORAGE_DESTROYED  SMELT            SMELTED (terminal)
 * STORAGE_DESTROYED  EXPORT           EXPORTED (terminal): scrap whose storage was destroyed
 * REFURBISHED        RESELL           RESOLD (terminal), only after an erasure the national standard accepts
 * REFURBISHED        EXPORT           EXPORTED (terminal), the same
 * SMELTED, RESOLD, EXPORTED, MISSING, RETURNED  nothing
 * </pre>
 *
 * A MISSING device is not recovered on the ledger if it turns up later: nobody can tell from the ledger what
 * happened to it while it was lost (its user data may have been read, the phone swapped), so no step may treat it as
 * the device that was offered. Its record ends with the DEVICE_MISSING event, which stays an exception for the
 * regulator, naming the sender as the accountable custodian.
 *
 * Anything else fails with {@link LedgerError#ILLEGAL_TRANSITION}. Consequences: nothing is SMELTED without having
 * been STORAGE_DESTROYED, DISMANTLED and through an erasure attempt; nothing is REFURBISHED without being WIPED; nothing is RESOLD without being REFURBISHED; nothing is EXPORTED
 * but a WIPED or REFURBISHED device or storage-destroyed scrap; nothing is RETURNED after an erasure attempt, and
 * nothing leaves RETURNED. The conditions beyond the state (which erasure) are
 * {@link Disposition}'s.
 */
public final class Lifecycle {

    private static final Map<DeviceState, Map<Action, Set<DeviceState>>> TABLE = table();

    private Lifecycle() {}

    /**
     * Whether an action is allowed from a state at all.
     *
     * @param from the current state
     * @param action the action
     * @return true if the table has a row for it
     */
    public static boolean allows(final DeviceState from, final Action action) {
        return !targets(from, action).isEmpty();
    }

    /**
     * The states an action may lead to from a state.
     *
     * @param from the current state
     * @param action the action
     * @return the possible next states, empty if the action is not allowed
     */
    public static Set<DeviceState> targets(final DeviceState from, final Action action) {
        return TABLE.get(from).getOrDefault(action, Set.of());
    }

    /**
     * Checks that an action is allowed for a device.
     *
     * @param device the device
     * @param action the action
     */
    static void require(final Device device, final Action action) {
        if (!allows(device.state(), action)) {
            throw ContractErrors.refuse(LedgerError.ILLEGAL_TRANSITION, "device " + device.deviceId() + " is "
                    + device.state() + "; " + action + " is allowed only from " + fromStates(action));
        }
    }

    /**
     * Moves a device by an action to a chosen next state, which the table must allow.
     *
     * @param device the device being changed
     * @param deviceId its ID, for the message
     * @param action the action
     * @param to the next state
     */
    static void move(final Device.Builder device, final String deviceId, final Action action, final DeviceState to) {
        if (!targets(device.state(), action).contains(to)) {
            throw ContractErrors.refuse(LedgerError.ILLEGAL_TRANSITION, 
                    "device " + deviceId + " cannot go from " + device.state() + " to " + to + " by " + action);
        }
        device.state(to);
    }

    /**
     * The state a device takes when a handover is accepted.
     *
     * @param offeredIn the state it was offered in
     * @return RECEIVED for an unprocessed device, else the processing state it had
     */
    static DeviceState afterAcceptance(final DeviceState offeredIn) {
        return offeredIn == COLLECTED || offeredIn == RECEIVED ? RECEIVED : offeredIn;
    }

    private static Set<DeviceState> fromStates(final Action action) {
        final Set<DeviceState> from = EnumSet.noneOf(DeviceState.class);
        for (final DeviceState state : DeviceState.values()) {
            if (allows(state, action)) {
                from.add(state);
            }
        }
        return from;
    }

    private static Map<DeviceState, Map<Action, Set<DeviceState>>> table() {
        final Map<DeviceState, Map<Action, Set<DeviceState>>> rows = new EnumMap<>(DeviceState.class);
        for (final DeviceState state : DeviceState.values()) {
            rows.put(state, new EnumMap<>(Action.class));
        }
        row(rows, COLLECTED, OFFER, IN_TRANSIT);
        row(rows, COLLECTED, RECORD_CONSENT, COLLECTED);
        row(rows, COLLECTED, RETURN, RETURNED);
        row(rows, IN_TRANSIT, ACCEPT, RECEIVED, WIPED, WIPE_FAILED, DISMANTLED, STORAGE_DESTROYED);
        row(rows, IN_TRANSIT, REJECT, COLLECTED, RECEIVED, WIPED, WIPE_FAILED, DISMANTLED, STORAGE_DESTROYED);
        row(rows, IN_TRANSIT, REPORT_MISSING, MISSING);
        row(rows, RECEIVED, OFFER, IN_TRANSIT);
        row(rows, RECEIVED, ERASE, WIPED, WIPE_FAILED);
        row(rows, RECEIVED, RECORD_CONSENT, RECEIVED);
        row(rows, RECEIVED, RETURN, RETURNED);
        row(rows, WIPED, OFFER, IN_TRANSIT);
        row(rows, WIPED, DISMANTLE, DISMANTLED);
        row(rows, WIPED, REFURBISH, REFURBISHED);
        row(rows, WIPED, EXPORT, EXPORTED);
        row(rows, REFURBISHED, RESELL, RESOLD);
        row(rows, REFURBISHED, EXPORT, EXPORTED);
        row(rows, WIPE_FAILED, OFFER, IN_TRANSIT);
        row(rows, WIPE_FAILED, DISMANTLE, DISMANTLED);
        row(rows, DISMANTLED, OFFER, IN_TRANSIT);
        row(rows, DISMANTLED, DESTROY_STORAGE, STORAGE_DESTROYED);
        row(rows, STORAGE_DESTROYED, OFFER, IN_TRANSIT);
        row(rows, STORAGE_DESTROYED, SMELT, SMELTED);
        row(rows, STORAGE_DESTROYED, EXPORT, EXPORTED);
        final Map<DeviceState, Map<Action, Set<DeviceState>>> frozen = new EnumMap<>(DeviceState.class);
        rows.forEach((state, actions) -> frozen.put(state, Collections.unmodifiableMap(actions)));
        return Collections.unmodifiableMap(frozen);
    }

    private static void row(
            final Map<DeviceState, Map<Action, Set<DeviceState>>> rows,
            final DeviceState from,
            final Action action,
            final DeviceState first,
            final DeviceState... rest) {
        rows.get(from).put(action, Collections.unmodifiableSet(EnumSet.of(first, rest)));
    }
}
