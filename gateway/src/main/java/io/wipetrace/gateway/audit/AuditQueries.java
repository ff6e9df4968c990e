package io.wipetrace.gateway.audit;

import io.wipetrace.gateway.audit.AuditException.Kind;
import io.wipetrace.gateway.projection.DeviceFilter;
import io.wipetrace.gateway.projection.DeviceReads;
import io.wipetrace.gateway.projection.DeviceSummary;
import io.wipetrace.gateway.projection.ExceptionReads;
import io.wipetrace.gateway.projection.PartnerFigures;
import io.wipetrace.gateway.security.ApiPrincipal;
import io.wipetrace.gateway.shared.Page;
import java.util.List;
import java.util.Map;
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
    private final AcknowledgementStore acknowledgements;

    /**
     * Reads over the read model.
     *
     * @param devices the read model's devices
     * @param exceptions the read model's exception cases
     * @param rules the exception rules' deadlines and clock
     * @param acknowledgements the regulator's acknowledgements of exceptions
     */
    AuditQueries(final DeviceReads devices, final ExceptionReads exceptions, final ExceptionRules rules,
            final AcknowledgementStore acknowledgements) {
        this.devices = devices;
        this.exceptions = exceptions;
        this.rules = rules;
        this.acknowledgements = acknowledgements;
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

    /** A page of exceptions, oldest first, each with its acknowledgements. */
    Page<AuditException> exceptions(final ExceptionFilter filter, final int page, final int size) {
        final Page<ExceptionReads.Case> cases = exceptions.page(criteria(filter), page, size);
        final Map<String, List<Acknowledgement>> histories = acknowledgements.histories(
                cases.items().stream().map(ExceptionReads.Case::subjectId).distinct().toList());
        return new Page<>(cases.items().stream().map(found -> exception(found, histories.getOrDefault(
                AcknowledgementStore.key(Kind.valueOf(found.kind()), found.subjectId()), List.of()))).toList(),
                cases.page(), cases.size(), cases.totalItems(), cases.totalPages());
    }

    /** Every exception, oldest first, each with its latest acknowledgement only, handed to {@code sink} one by one. */
    void streamExceptions(final ExceptionFilter filter, final Consumer<AuditException> sink) {
        final Map<String, Acknowledgement> latest = acknowledgements.latest();
        exceptions.stream(criteria(filter), found -> {
            final Acknowledgement last = latest.get(AcknowledgementStore.key(Kind.valueOf(found.kind()),
                    found.subjectId()));
            sink.accept(exception(found, last == null ? List.of() : List.of(last)));
        });
    }

    /**
     * Acknowledges an exception the rules find now.
     *
     * @return the acknowledgement, or the first one when the same key was sent before for the same exception and note
     * @throws io.wipetrace.gateway.web.ApiException 404 EXCEPTION_NOT_FOUND when the rules find no such exception now,
     *     409 IDEMPOTENCY_KEY_REUSED when the actor sent the key for another acknowledgement
     */
    AcknowledgementStore.Added acknowledge(final Kind kind, final String subjectId, final String note,
            final ApiPrincipal principal, final String idempotencyKey) {
        if (exceptions.page(criteria(new ExceptionFilter(kind, null, null, null, null, subjectId)), 0, 1)
                .totalItems() == 0) {
            throw AuditProblems.exceptionNotFound(kind, subjectId);
        }
        return acknowledgements.add(kind, subjectId, note, principal, idempotencyKey)
                .orElseThrow(AuditProblems::idempotencyKeyReused);
    }

    /** An exception's acknowledgements, newest first (kept when the exception itself is closed). */
    List<Acknowledgement> acknowledgements(final Kind kind, final String subjectId) {
        return acknowledgements.history(kind, subjectId);
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

    private ExceptionReads.Criteria criteria(final ExceptionFilter filter) {
        final ExceptionRules.Cutoffs cutoffs = rules.cutoffs();
        return new ExceptionReads.Criteria(cutoffs.collectedNotReceived(), cutoffs.receivedNotWiped(),
                cutoffs.handoverNotAcknowledged(), cutoffs.wipeFailedNotDestroyed(), ComplianceRules.ACCEPTED_METHODS,
                filter.kind() == null ? null : filter.kind().name(), filter.organisation(), filter.site(),
                filter.from(), filter.to(), filter.subjectId());
    }

    private AuditException exception(final ExceptionReads.Case found, final List<Acknowledgement> history) {
        final Kind kind = Kind.valueOf(found.kind());
        return new AuditException(kind, found.subjectType(), found.subjectId(), found.organisation(),
                found.siteId(), found.since(), rules.dueAt(kind, found.since()), found.detail(), history);
    }
}
