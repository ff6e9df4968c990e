package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.audit.AuditException.Kind;
import io.wipetrace.gateway.projection.DeviceFilter;
import io.wipetrace.gateway.projection.DeviceReads;
import io.wipetrace.gateway.projection.DeviceSummary;
import io.wipetrace.gateway.projection.ExceptionReads;
import io.wipetrace.gateway.projection.PartnerFigures;
import io.wipetrace.gateway.shared.Page;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The regulator's reads, over the projection's read model: devices as it has them, and the cases of the exception
 * rules, each with its deadline ({@link ExceptionRules}).
 */
class AuditQueries {

    private final DeviceReads devices;
    private final ExceptionReads exceptions;
    private final ExceptionRules rules;

    /**
     * Reads over the read model.
     *
     * @param devices the read model's devices
     * @param exceptions the read model's exception cases
     * @param rules the exception rules' deadlines and clock
     */
    AuditQueries(final DeviceReads devices, final ExceptionReads exceptions, final ExceptionRules rules) {
        this.devices = devices;
        this.exceptions = exceptions;
        this.rules = rules;
    }

    /** A page of devices matching the filter, ordered by device ID. */
    Page<DeviceSummary> devices(final DeviceFilter filter, final int page, final int size) {
        return devices.devices(filter, page, size);
    }

    /** One device from the read model, if it is there. */
    Optional<DeviceSummary> device(final String deviceId) {
        return devices.device(deviceId);
    }

    /** Every device matching the filter, ordered by device ID, handed to {@code sink} one by one. */
    void streamDevices(final DeviceFilter filter, final Consumer<DeviceSummary> sink) {
        devices.streamDevices(filter, sink);
    }

    /** A page of exceptions, oldest first; {@code kind} {@code null} for all. */
    Page<AuditException> exceptions(final Kind kind, final int page, final int size) {
        final Page<ExceptionReads.Case> cases = exceptions.page(criteria(kind), page, size);
        return new Page<>(cases.items().stream().map(this::exception).toList(), cases.page(), cases.size(),
                cases.totalItems(), cases.totalPages());
    }

    /** Every exception, oldest first, handed to {@code sink} one by one. */
    void streamExceptions(final Kind kind, final Consumer<AuditException> sink) {
        exceptions.stream(criteria(kind), found -> sink.accept(exception(found)));
    }

    /** Every organisation that appears in the read model, with its figures, by MSP ID. */
    List<PartnerFigures> partners() {
        return devices.partners();
    }

    /** The projection's events of a device, oldest first, as the JSON the chaincode emitted. */
    List<String> deviceEvents(final String deviceId) {
        return devices.deviceEvents(deviceId);
    }

    /** The last block projected. */
    long checkpoint() {
        return devices.checkpoint();
    }

    private ExceptionReads.Criteria criteria(final Kind kind) {
        final ExceptionRules.Cutoffs cutoffs = rules.cutoffs();
        return new ExceptionReads.Criteria(cutoffs.collectedNotReceived(), cutoffs.receivedNotWiped(),
                cutoffs.handoverNotAcknowledged(), cutoffs.wipeFailedNotDestroyed(), ComplianceRules.ACCEPTED_METHODS,
                kind == null ? null : kind.name());
    }

    private AuditException exception(final ExceptionReads.Case found) {
        final Kind kind = Kind.valueOf(found.kind());
        return new AuditException(kind, found.subjectType(), found.subjectId(), found.organisation(),
                found.siteId(), found.since(), rules.dueAt(kind, found.since()), found.detail());
    }
}
