package io.wipetrace.chaincode.device;

import io.wipetrace.chaincode.ContractErrors;
import io.wipetrace.chaincode.Fields;
import io.wipetrace.chaincode.registry.Role;
import io.wipetrace.proof.ledger.DeviceState;
import io.wipetrace.proof.ledger.FieldLimits;
import io.wipetrace.proof.ledger.Identifiers;
import io.wipetrace.proof.ledger.LedgerError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;

/**
 * Processing of a single device after erasure: dismantling, destruction of the storage component, refurbishment, and
 * the releases the national standard rules over (resale, export; see {@link Disposition}). Behind {@link
 * DeviceContract}'s RecordDismantling, RecordStorageDestruction, RecordRefurbishment, RecordResale and RecordExport.
 */
final class Processing {

    /** The country the alliance operates in: an export goes anywhere else. */
    static final String HOME_COUNTRY = Identifiers.HOME_COUNTRY;

    private static final Set<String> DISMANTLING_FIELDS = Set.of("deviceId", "storageComponentCommitment", "siteId");
    private static final Set<String> DESTRUCTION_FIELDS = Set.of("deviceId", "method", "siteId", "evidenceSha256");
    private static final Set<String> REFURBISHMENT_FIELDS = Set.of("deviceId", "siteId", "channel");
    private static final Set<String> RESALE_FIELDS = Set.of("deviceId", "siteId", "channel");
    private static final Set<String> EXPORT_FIELDS =
            Set.of("deviceId", "siteId", "destinationCountry", "declarationNumber");

    private Processing() {}

    /** RecordDismantling: a WIPED or WIPE_FAILED device taken apart. */
    static String recordDismantling(final Context ctx, final String dismantlingJson) {
        final Fields in = Fields.parse(dismantlingJson, "dismantlingJson", DISMANTLING_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String commitment = in.matching("storageComponentCommitment", Fields.HEX_256, Fields.HEX_256_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);

        final Custody.Step step = Custody.step(ctx, deviceId, siteId, Action.DISMANTLE, Role.PROCESSOR);
        final Device.Builder next = step.device().toBuilder().siteId(siteId).storageComponentCommitment(commitment);
        Lifecycle.move(next, deviceId, Action.DISMANTLE, DeviceState.DISMANTLED);
        return step.finish(next, EventType.DISMANTLED, siteId,
                Changes.details("storageComponentCommitment", commitment));
    }

    /** RecordStorageDestruction: a DISMANTLED device's storage component destroyed. */
    static String recordStorageDestruction(final Context ctx, final String destructionJson) {
        final Fields in = Fields.parse(destructionJson, "destructionJson", DESTRUCTION_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final DestructionMethod method = in.enumValue("method", DestructionMethod.class);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String evidence = in.matching("evidenceSha256", Fields.HEX_256, Fields.HEX_256_RULE);

        final Custody.Step step =
                Custody.step(ctx, deviceId, siteId, Action.DESTROY_STORAGE, Role.PROCESSOR, Role.SMELTER);
        final Device.Builder next = step.device().toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.DESTROY_STORAGE, DeviceState.STORAGE_DESTROYED);
        return step.finish(next, EventType.STORAGE_DESTROYED, siteId,
                Changes.details("method", method, "evidenceSha256", evidence));
    }

    /** RecordRefurbishment: a WIPED device with a verified erasure, made ready for reuse. */
    static String recordRefurbishment(final Context ctx, final String refurbishmentJson) {
        final Fields in = Fields.parse(refurbishmentJson, "refurbishmentJson", REFURBISHMENT_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String channel = in.text("channel", FieldLimits.SHORT_TEXT);

        final Custody.Step step = Custody.step(ctx, deviceId, siteId, Action.REFURBISH, Role.PROCESSOR);
        Disposition.requireConsent(step.device(), Action.REFURBISH);
        final ErasureSummary erasure = step.device().erasure();
        if (erasure == null || !erasure.verified()) {
            throw ContractErrors.refuse(LedgerError.ERASURE_NOT_VERIFIED, "device " + deviceId
                    + " has no verified erasure (result ERASED with FULL verification); it may not be refurbished");
        }
        final Device.Builder next = step.device().toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.REFURBISH, DeviceState.REFURBISHED);
        return step.finish(next, EventType.REFURBISHED, siteId,
                Changes.details("channel", FreeText.of(channel), "reportId", erasure.reportId()));
    }

    /** RecordResale: a REFURBISHED device sold again, under the national standard's rules. */
    static String recordResale(final Context ctx, final String resaleJson) {
        final Fields in = Fields.parse(resaleJson, "resaleJson", RESALE_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String channel = in.text("channel", FieldLimits.SHORT_TEXT);

        final Release release = release(ctx, deviceId, siteId, Action.RESELL, Role.PROCESSOR);
        final Device.Builder next = release.step().device().toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.RESELL, DeviceState.RESOLD);
        return release.step().finish(next, EventType.RESOLD, siteId, release.details("channel", FreeText.of(channel)));
    }

    /** RecordExport: shipped abroad, whole under the resale rules or as scrap once its storage is destroyed. */
    static String recordExport(final Context ctx, final String exportJson) {
        final Fields in = Fields.parse(exportJson, "exportJson", EXPORT_FIELDS);
        final String deviceId = in.matching("deviceId", Identifiers.DEVICE_ID_PATTERN, Identifiers.DEVICE_ID_RULE);
        final String siteId = in.matching("siteId", Fields.ID, Fields.ID_RULE);
        final String country = in.matching("destinationCountry", Identifiers.COUNTRY_PATTERN, Identifiers.COUNTRY_RULE);
        if (HOME_COUNTRY.equals(country)) {
            throw Fields.invalid("exportJson.destinationCountry must be another country than " + HOME_COUNTRY);
        }
        final String declaration = in.optionalText("declarationNumber", FieldLimits.SHORT_TEXT);

        final Release release = release(ctx, deviceId, siteId, Action.EXPORT, Role.PROCESSOR, Role.SMELTER);
        final Device.Builder next = release.step().device().toBuilder().siteId(siteId);
        Lifecycle.move(next, deviceId, Action.EXPORT, DeviceState.EXPORTED);
        return release.step().finish(next, EventType.EXPORTED, siteId,
                release.details("destinationCountry", country, "declarationNumber", declaration));
    }

    /** A resale or export that passed the standard's rules, and on what basis. */
    private record Release(Custody.Step step, Disposition.Basis basis) {
        /** The event's details: the basis, the erasure that allowed it (if that was the basis), and these. */
        Map<String, Object> details(final Object... namesAndValues) {
            final List<Object> all = new ArrayList<>(Arrays.asList(namesAndValues));
            all.addAll(List.of("basis", basis));
            if (basis == Disposition.Basis.VERIFIED_ERASURE) {
                final ErasureSummary erasure = step.device().erasure();
                all.addAll(List.of("erasureEventId", erasure.eventId(), "reportId", erasure.reportId(),
                        "method", erasure.method()));
            }
            return Changes.details(all.toArray());
        }
    }

    /** Check order: input, role, device, custodian, the standard's rules, transition, site. */
    private static Release release(final Context ctx, final String deviceId, final String siteId, final Action action,
            final Role... roles) {
        final Custody.Ruled<Disposition.Basis> checked = Custody.step(ctx, deviceId, siteId, action,
                device -> Disposition.requireRelease(device, action), roles);
        return new Release(checked.step(), checked.ruling());
    }
}
