package io.wipetrace.chaincode.device;

import static io.wipetrace.chaincode.device.Scenario.OMNI;
import static io.wipetrace.chaincode.device.Scenario.OMNI_SITE;
import static io.wipetrace.chaincode.device.Scenario.deviceId;
import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static io.wipetrace.chaincode.testing.Rejections.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {

    /** The documented table, written out independently of {@link Lifecycle}. */
    private static final List<String> ALLOWED = List.of(
            "COLLECTED OFFER", "COLLECTED RECORD_CONSENT", "COLLECTED RETURN",
            "IN_TRANSIT ACCEPT", "IN_TRANSIT REJECT", "IN_TRANSIT REPORT_MISSING",
            "RECEIVED OFFER", "RECEIVED ERASE", "RECEIVED RECORD_CONSENT", "RECEIVED RETURN",
            "WIPED OFFER", "WIPED DISMANTLE", "WIPED REFURBISH", "WIPED EXPORT",
            "REFURBISHED RESELL", "REFURBISHED EXPORT",
            "WIPE_FAILED OFFER", "WIPE_FAILED DISMANTLE",
            "DISMANTLED OFFER", "DISMANTLED DESTROY_STORAGE",
            "STORAGE_DESTROYED OFFER", "STORAGE_DESTROYED SMELT", "STORAGE_DESTROYED EXPORT");

    @Nested
    class Table {

        @Test
        void whenAskedForEveryStateAndAction_allowsExactlyTheDocumentedRows() {
            final List<String> allowed = new ArrayList<>();
            for (final DeviceState state : DeviceState.values()) {
                for (final Action action : Action.values()) {
                    if (Lifecycle.allows(state, action)) {
                        allowed.add(state + " " + action);
                    }
                }
            }

            assertThat(allowed).containsExactlyInAnyOrderElementsOf(ALLOWED);
        }

        @Test
        void whenTerminal_nothingIsAllowed() {
            for (final Action action : Action.values()) {
                assertThat(Lifecycle.targets(DeviceState.SMELTED, action)).isEmpty();
                assertThat(Lifecycle.targets(DeviceState.RESOLD, action)).isEmpty();
                assertThat(Lifecycle.targets(DeviceState.EXPORTED, action)).isEmpty();
                assertThat(Lifecycle.targets(DeviceState.MISSING, action)).isEmpty();
                assertThat(Lifecycle.targets(DeviceState.RETURNED, action)).isEmpty();
            }
            assertThat(Lifecycle.targets(DeviceState.IN_TRANSIT, Action.REPORT_MISSING))
                    .containsExactly(DeviceState.MISSING);
        }

        @Test
        void whenTheWipeFailed_refurbishmentIsNeverReachable() {
            assertThat(Lifecycle.allows(DeviceState.WIPE_FAILED, Action.REFURBISH)).isFalse();
            assertThat(Lifecycle.targets(DeviceState.WIPE_FAILED, Action.DISMANTLE)).containsExactly(DeviceState.DISMANTLED);
        }

        @Test
        void whenReselling_onlyRefurbishedDevicesQualify() {
            final Set<DeviceState> from = EnumSet.noneOf(DeviceState.class);
            for (final DeviceState state : DeviceState.values()) {
                if (Lifecycle.allows(state, Action.RESELL)) {
                    from.add(state);
                }
            }

            assertThat(from).containsExactly(DeviceState.REFURBISHED);
        }

        @Test
        void whenSmelting_onlyStorageDestroyedDevicesQualify() {
            final Set<DeviceState> from = EnumSet.noneOf(DeviceState.class);
            for (final DeviceState state : DeviceState.values()) {
                if (Lifecycle.targets(state, Action.SMELT).contains(DeviceState.SMELTED)) {
                    from.add(state);
                }
            }

            assertThat(from).containsExactly(DeviceState.STORAGE_DESTROYED);
        }

        @Test
        void whenAHandoverIsAccepted_unprocessedDevicesAreReceivedAndProcessedOnesKeepTheirState() {
            assertThat(Lifecycle.afterAcceptance(DeviceState.COLLECTED)).isEqualTo(DeviceState.RECEIVED);
            assertThat(Lifecycle.afterAcceptance(DeviceState.RECEIVED)).isEqualTo(DeviceState.RECEIVED);
            assertThat(Lifecycle.afterAcceptance(DeviceState.WIPE_FAILED)).isEqualTo(DeviceState.WIPE_FAILED);
            assertThat(Lifecycle.afterAcceptance(DeviceState.STORAGE_DESTROYED)).isEqualTo(DeviceState.STORAGE_DESTROYED);
        }
    }

    /**
     * Every (state, action) pair the table forbids, tried through the contract by one organisation that holds every
     * role and custody, so that nothing but the state machine can refuse it. ACCEPT, REJECT and REPORT_MISSING are left
     * out: they act on a pending handover, whose devices are always IN_TRANSIT (a closed handover fails with
     * HANDOVER_CLOSED).
     */
    static Stream<Arguments> forbidden() {
        final List<Arguments> pairs = new ArrayList<>();
        for (final DeviceState state : DeviceState.values()) {
            for (final Action action : Action.values()) {
                if (!Lifecycle.allows(state, action) && action != Action.ACCEPT && action != Action.REJECT
                        && action != Action.REPORT_MISSING) {
                    pairs.add(Arguments.of(state, action));
                }
            }
        }
        return pairs.stream();
    }

    @Nested
    class ThroughTheContract {

        @ParameterizedTest(name = "{1} from {0}")
        @MethodSource("io.wipetrace.chaincode.device.LifecycleTest#forbidden")
        void whenTheTableForbidsIt_rejectsWithIllegalTransition(final DeviceState state, final Action action) {
            final Scenario scenario = Scenario.omni();
            final String device = deviceId(1);
            scenario.driveTo(device, state);
            final DeviceContract devices = scenario.devices;
            final InMemoryLedger.Call call = switch (action) {
                case OFFER -> ctx -> devices.OfferHandover(ctx, json(map("handoverId", "h-x", "deviceIds", List.of(device),
                        "toMspId", OMNI, "toSiteId", OMNI_SITE)));
                case ERASE -> ctx -> devices.RecordErasure(ctx,
                        Scenario.signed(scenario.erasure(device, "report-x"), scenario.stationKey));
                case DISMANTLE -> ctx -> devices.RecordDismantling(ctx, json(map("deviceId", device,
                        "storageComponentCommitment", Scenario.sha256("chip"), "siteId", OMNI_SITE)));
                case DESTROY_STORAGE -> ctx -> devices.RecordStorageDestruction(ctx, json(map("deviceId", device,
                        "method", "SHRED", "siteId", OMNI_SITE, "evidenceSha256", Scenario.sha256("video"))));
                case SMELT -> ctx -> devices.RecordSmeltingLot(ctx, json(scenario.lot("lot-x", device)));
                case REFURBISH -> ctx -> devices.RecordRefurbishment(ctx, json(map("deviceId", device,
                        "siteId", OMNI_SITE, "channel", "RESALE")));
                case RESELL -> ctx -> devices.RecordResale(ctx, json(map("deviceId", device,
                        "siteId", OMNI_SITE, "channel", "ONLINE")));
                case EXPORT -> ctx -> devices.RecordExport(ctx, json(map("deviceId", device,
                        "siteId", OMNI_SITE, "destinationCountry", "VN")));
                case RECORD_CONSENT -> ctx -> devices.RecordConsent(ctx, json(map("deviceId", device,
                        "siteId", OMNI_SITE, "reference", "consent-x", "scope", "all", "method", "call", "impact", "gone")));
                case RETURN -> ctx -> devices.ReturnToOwner(ctx, json(map("deviceId", device,
                        "siteId", OMNI_SITE, "reason", "OWNER_REQUEST")));
                case ACCEPT, REJECT, REPORT_MISSING -> throw new IllegalArgumentException("not driven through a device");
            };

            // Resale and export check the standard's rules first: a device never erased is refused by the rule; so does
            // RecordConsent (this device has consent from its collection; an erased one is past consenting).
            final boolean unerased = EnumSet.of(DeviceState.COLLECTED, DeviceState.IN_TRANSIT, DeviceState.RECEIVED,
                    DeviceState.WIPE_FAILED, DeviceState.MISSING, DeviceState.RETURNED).contains(state);
            final boolean erasedOnce = !EnumSet.of(DeviceState.COLLECTED, DeviceState.IN_TRANSIT, DeviceState.RECEIVED,
                    DeviceState.MISSING, DeviceState.RETURNED).contains(state);
            final LedgerError expected = action == Action.RECORD_CONSENT
                    ? erasedOnce ? LedgerError.CONSENT_AFTER_ERASURE : LedgerError.CONSENT_EXISTS
                    : !unerased ? LedgerError.ILLEGAL_TRANSITION
                    : action == Action.RESELL ? LedgerError.RESALE_NOT_ERASED
                    : action == Action.EXPORT ? LedgerError.EXPORT_NOT_ERASED
                    : LedgerError.ILLEGAL_TRANSITION;
            assertCode(scenario.ledger.reject(OMNI, call), expected);
            assertThat(scenario.state(device)).isEqualTo(state);
        }

        @Test
        void whenDrivenAlongTheTable_theOmniOrganisationReachesEveryState() {
            for (final DeviceState state : DeviceState.values()) {
                final Scenario scenario = Scenario.omni();
                scenario.driveTo(deviceId(1), state);

                assertThat(scenario.state(deviceId(1))).isEqualTo(state);
            }
        }
    }

}
