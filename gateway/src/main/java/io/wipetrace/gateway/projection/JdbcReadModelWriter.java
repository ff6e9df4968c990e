package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.projection.ReadModelChange.Collected;
import io.wipetrace.gateway.projection.ReadModelChange.ConsentRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.ErasureRecorded;
import io.wipetrace.gateway.projection.ReadModelChange.HandoverClosed;
import io.wipetrace.gateway.projection.ReadModelChange.HandoverOffered;
import io.wipetrace.gateway.projection.ReadModelChange.Origin;
import io.wipetrace.gateway.projection.ReadModelChange.Released;
import io.wipetrace.gateway.projection.ReadModelChange.ReturnedToOwner;
import io.wipetrace.gateway.projection.ReadModelChange.Smelted;
import io.wipetrace.gateway.projection.ReadModelChange.Stepped;
import io.wipetrace.gateway.projection.ReadModelChange.StorageDestroyed;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies read-model changes with plain SQL, inside the block's SQL transaction (the caller's). A change that finds
 * no row to update means the projection is out of step with the ledger: it fails the block rather than guess.
 *
 * <p>A bulk import's block holds hundreds of COLLECTED events one after another, each a new {@code devices} row:
 * such a run goes to the database as one JDBC batch ({@value #BATCH_SIZE} rows a batch at most), not a statement and
 * a round trip per device. Every other change is applied on its own, after the rows before it, so the changes take
 * effect in ledger order all the same.
 */
final class JdbcReadModelWriter {

    /** The most new device rows sent in one JDBC batch. */
    static final int BATCH_SIZE = 500;

    private static final String INSERT_DEVICE = """
            INSERT INTO devices (device_id, state, custodian_msp_id, site_id, collector_msp_id, collection_site_id,
                collection_channel, make, model, storage_gb, locked, receipt_hash, identifier_commitment, bag_id,
                collected_at, state_since, updated_at, event_count, last_event_id, last_block_number, product_type,
                consent_recorded)
            VALUES (?, 'COLLECTED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;

    JdbcReadModelWriter(final JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies changes in the order given, consecutive COLLECTED rows as one batch.
     *
     * @param changes the changes of a block's events, in ledger order
     */
    void applyAll(final List<ReadModelChange> changes) {
        final List<Collected> run = new ArrayList<>();
        for (final ReadModelChange change : changes) {
            if (change instanceof Collected c) {
                run.add(c);
                continue;
            }
            collected(run);
            run.clear();
            apply(change);
        }
        collected(run);
    }

    private void apply(final ReadModelChange change) {
        switch (change) {
            case Collected c -> collected(List.of(c));
            case Stepped s -> stepped(s);
            case HandoverOffered h -> offered(h);
            case HandoverClosed h -> closed(h);
            case ErasureRecorded e -> erasure(e);
            case StorageDestroyed d -> expectOne(d, jdbc.update(
                    "UPDATE devices SET storage_destruction_method = ? WHERE device_id = ?", d.method(), d.deviceId()));
            case Smelted s -> smelted(s);
            case ConsentRecorded c -> expectOne(c, jdbc.update(
                    "UPDATE devices SET consent_recorded = true WHERE device_id = ?", c.deviceId()));
            case ReturnedToOwner r -> expectOne(r, jdbc.update(
                    "UPDATE devices SET return_reason = ? WHERE device_id = ?", r.reason(), r.deviceId()));
            case Released r -> expectOne(r, jdbc.update("""
                    UPDATE devices SET release_basis = ?, release_event_id = ?, export_country = ?
                    WHERE device_id = ?""", r.basis(), r.origin().eventId(), r.exportCountry(), r.deviceId()));
        }
    }

    /** New devices rows, in one JDBC batch per {@value #BATCH_SIZE}. */
    private void collected(final List<Collected> run) {
        if (run.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT_DEVICE, run, BATCH_SIZE, (statement, c) -> {
            final Origin o = c.origin();
            new ArgumentPreparedStatementSetter(new Object[] {c.deviceId(), c.collectorMspId(), c.siteId(),
                c.collectorMspId(), c.siteId(), c.channel(), c.make(), c.model(), c.storageGb(), c.locked(),
                c.receiptHash(), c.identifierCommitment(), c.bagId(), ts(o.at()), ts(o.at()), ts(o.at()),
                o.eventId(), o.blockNumber(), c.productType(), c.consentRecorded()}).setValues(statement);
        });
    }

    private void stepped(final Stepped s) {
        final Origin o = s.origin();
        // Every SET expression sees the row as it was, so state_since compares with the old state.
        expectOne(s, jdbc.update("""
                UPDATE devices SET
                    state_since = CASE WHEN state = ? THEN state_since ELSE ? END,
                    state = ?, custodian_msp_id = ?, site_id = coalesce(?, site_id),
                    updated_at = ?, event_count = event_count + 1, last_event_id = ?, last_block_number = ?
                WHERE device_id = ?""",
                s.state(), ts(o.at()), s.state(), s.custodianMspId(), s.siteId(), ts(o.at()), o.eventId(),
                o.blockNumber(), s.deviceId()));
        if (s.stepTime() != null) {
            final String column = s.stepTime().column();
            final String value = s.stepTime().firstOnly() ? "coalesce(" + column + ", ?)" : "?";
            jdbc.update("UPDATE devices SET " + column + " = " + value + " WHERE device_id = ?", ts(o.at()),
                    s.deviceId());
        }
    }

    private void offered(final HandoverOffered h) {
        final Origin o = h.origin();
        jdbc.update("""
                INSERT INTO custody (handover_id, device_id, status, from_msp_id, from_site_id, to_msp_id, to_site_id,
                    container_id, seal_id, waybill, device_count, offered_at, offered_tx_id, offered_block)
                VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                h.handoverId(), h.deviceId(), h.fromMspId(), h.fromSiteId(), h.toMspId(), h.toSiteId(),
                h.containerId(), h.sealId(), h.waybill(), h.deviceCount(), ts(o.at()), o.txId(), o.blockNumber());
        jdbc.update("UPDATE devices SET pending_handover_id = ? WHERE device_id = ?", h.handoverId(), h.deviceId());
    }

    private void closed(final HandoverClosed h) {
        final Origin o = h.origin();
        expectOne(h, jdbc.update("""
                UPDATE custody SET status = ?, closed_at = ?, closed_tx_id = ?, closed_block = ?, seal_intact = ?,
                    seal_exception = ?, rejection_reason = ?
                WHERE handover_id = ? AND device_id = ? AND status = 'PENDING'""",
                h.status(), ts(o.at()), o.txId(), o.blockNumber(), h.sealIntact(), h.sealException(),
                h.rejectionReason(), h.handoverId(), h.deviceId()));
        jdbc.update("UPDATE devices SET pending_handover_id = NULL WHERE device_id = ?", h.deviceId());
    }

    private void erasure(final ErasureRecorded e) {
        final Origin o = e.origin();
        jdbc.update("""
                INSERT INTO erasures (event_id, device_id, report_id, report_sha256, report_sm3, method, technique,
                    standard, tool, tool_version, result, result_reason, verification_mode, verified_by, station_id,
                    station_algorithm, site_id, recorded_by, outcome_state, exceptions, signature_present, started_at,
                    ended_at, recorded_at, tx_id, block_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                o.eventId(), e.deviceId(), e.reportId(), e.reportSha256(), e.reportSm3(), e.method(), e.technique(),
                e.standard(), e.tool(), e.toolVersion(), e.result(), e.resultReason(), e.verificationMode(),
                e.verifiedBy(), e.stationId(), e.stationAlgorithm(), e.siteId(), e.recordedBy(), e.outcomeState(),
                e.exceptions(), e.signaturePresent(), ts(e.startedAt()), ts(e.endedAt()), ts(o.at()), o.txId(),
                o.blockNumber());
        expectOne(e, jdbc.update("""
                UPDATE devices SET erasure_event_id = ?, erasure_result = ?, erasure_method = ?, erasure_standard = ?,
                    erasure_station_id = ?, erasure_report_sha256 = ?, erasure_verification = ?
                WHERE device_id = ?""",
                o.eventId(), e.result(), e.method(), e.standard(), e.stationId(), e.reportSha256(),
                e.verificationMode(), e.deviceId()));
    }

    private void smelted(final Smelted s) {
        final Origin o = s.origin();
        jdbc.update("""
                INSERT INTO lots (lot_id, smelter_msp_id, site_id, input_count, device_count, input_weight_grams,
                    output_weight_grams, closed_at, tx_id, block_number)
                VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                ON CONFLICT (lot_id) DO UPDATE SET device_count = lots.device_count + 1""",
                s.lotId(), s.smelterMspId(), s.siteId(), s.inputCount(), s.inputWeightGrams(), s.outputWeightGrams(),
                ts(o.at()), o.txId(), o.blockNumber());
        expectOne(s, jdbc.update("UPDATE devices SET lot_id = ? WHERE device_id = ?", s.lotId(), s.deviceId()));
    }

    private static void expectOne(final ReadModelChange change, final int updated) {
        if (updated != 1) {
            throw new ProjectionException("read model out of step with the ledger: " + change.getClass().getSimpleName()
                    + " of event " + change.origin().eventId() + " for device " + change.deviceId() + " updated "
                    + updated + " rows");
        }
    }

    private static OffsetDateTime ts(final Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
