package io.wipetrace.gateway.projection;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The projection's domain events ({@code ledger_event}, with their transactions' commit time from
 * {@code ledger_transaction}) and its checkpoint, as the anchoring reads them: each event is the canonical JSON the
 * chaincode emitted.
 */
@Component
public class EventReads {

    /** Events with their transactions' commit time; a condition and {@link #LEDGER_ORDER} follow. */
    private static final String EVENTS = "SELECT e.event_id, e.block_number, e.tx_id, e.payload::text, t.tx_timestamp"
            + " FROM ledger_event e JOIN ledger_transaction t ON t.tx_id = e.tx_id WHERE ";
    private static final String LEDGER_ORDER = " ORDER BY e.block_number, e.tx_index, e.event_index";
    private static final RowMapper<Event> EVENT = (rs, row) -> new Event(rs.getString(1), rs.getLong(2),
            rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant());

    private final JdbcTemplate jdbc;

    /**
     * Reads over the projection's database.
     *
     * @param dataSource the projection's database
     */
    public EventReads(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * One projected event.
     *
     * @param eventId its ID
     * @param blockNumber its block
     * @param txId its transaction
     * @param payload the event as the chaincode emitted it
     * @param committedAt its transaction's timestamp
     */
    public record Event(String eventId, long blockNumber, String txId, String payload, Instant committedAt) {}

    /**
     * @param eventId an event's ID
     * @return the device the projected event is about; empty when the projection holds no such event, or one about
     *     no single device
     */
    public Optional<String> deviceOf(final String eventId) {
        return jdbc.query("SELECT device_id FROM ledger_event WHERE event_id = ? AND device_id IS NOT NULL",
                (rs, row) -> rs.getString(1), eventId).stream().findFirst();
    }

    /**
     * @param channel the channel
     * @return the last block the projection has fully written, or {@link ProjectionStore#NOTHING_PROJECTED}
     */
    public long checkpoint(final String channel) {
        return jdbc.query("SELECT block_number FROM projection_checkpoint WHERE channel = ?",
                (rs, row) -> rs.getLong(1), channel).stream().findFirst().orElse(ProjectionStore.NOTHING_PROJECTED);
    }

    /**
     * Where a range of blocks must end to hold at most {@code limit} events: the last block before the one that holds
     * event {@code limit + 1}, or the first block if that one alone holds more.
     *
     * @param firstBlock the first block
     * @param lastBlock the last block the range may reach
     * @param limit the most events the range may hold, at least one
     * @return the range's last block, between {@code firstBlock} and {@code lastBlock}
     */
    public long lastBlockWithin(final long firstBlock, final long lastBlock, final int limit) {
        return jdbc.query("SELECT e.block_number FROM ledger_event e WHERE e.block_number BETWEEN ? AND ?"
                        + LEDGER_ORDER + " OFFSET ? LIMIT 1", (rs, row) -> rs.getLong(1), firstBlock, lastBlock, limit)
                .stream().findFirst().map(beyond -> Math.max(firstBlock, beyond - 1)).orElse(lastBlock);
    }

    /**
     * The events of a range of blocks, in ledger order.
     *
     * @param firstBlock the first block
     * @param lastBlock the last block, included
     * @return the events
     */
    public List<Event> inBlocks(final long firstBlock, final long lastBlock) {
        return jdbc.query(EVENTS + "e.block_number BETWEEN ? AND ?" + LEDGER_ORDER, EVENT, firstBlock, lastBlock);
    }

    /**
     * One device's history (a few dozen events at most).
     *
     * @param deviceId the device
     * @return its events, in ledger order
     */
    public List<Event> ofDevice(final String deviceId) {
        return jdbc.query(EVENTS + "e.device_id = ?" + LEDGER_ORDER, EVENT, deviceId);
    }

    /**
     * The registry's changes of some wiping stations: their registrations and revocations.
     *
     * @param stationIds the stations
     * @return their events, in ledger order
     */
    public List<Event> stationChanges(final Collection<String> stationIds) {
        return jdbc.query(EVENTS + "e.type IN ('STATION_REGISTERED', 'STATION_REVOKED') AND e.device_id IS NULL"
                + " AND e.payload -> 'station' ->> 'stationId' = ANY (CAST(? AS text[]))" + LEDGER_ORDER, EVENT,
                (Object) stationIds.toArray(String[]::new));
    }

    /** @return the newest block holding a projected event, or -1 */
    public long lastEventBlock() {
        final Long block = jdbc.queryForObject("SELECT coalesce(max(block_number), -1) FROM ledger_event", Long.class);
        return block == null ? -1 : block;
    }

    /**
     * The whole history of every device on which an organisation wrote an event in a period, device by device (by
     * device ID), each in ledger order.
     *
     * @param actorMspId the organisation that wrote
     * @param from the period's start (inclusive), by transaction timestamp
     * @param to the period's end (exclusive)
     * @param sink takes each event: its device's ID and its payload
     */
    public void historiesWrittenBy(final String actorMspId, final Instant from, final Instant to,
            final BiConsumer<String, String> sink) {
        jdbc.query("""
                SELECT e.device_id, e.payload::text AS payload FROM ledger_event e
                WHERE e.device_id IN (
                    SELECT DISTINCT o.device_id FROM ledger_event o JOIN ledger_transaction t ON t.tx_id = o.tx_id
                    WHERE o.device_id IS NOT NULL AND o.payload ->> 'actorMspId' = ?
                      AND t.tx_timestamp >= ? AND t.tx_timestamp < ?)
                ORDER BY e.device_id, e.block_number, e.tx_index, e.event_index""",
                rs -> {
                    sink.accept(rs.getString("device_id"), rs.getString("payload"));
                }, actorMspId, ReadModelRows.timestamp(from), ReadModelRows.timestamp(to));
    }

    /**
     * The events the projection still holds among some.
     *
     * @param eventIds the events
     * @return each one's payload by event ID; an event the projection does not hold is absent
     */
    public Map<String, String> payloads(final Collection<String> eventIds) {
        final Map<String, String> payloads = new HashMap<>();
        if (eventIds.isEmpty()) {
            return payloads;
        }
        jdbc.query("SELECT event_id, payload::text FROM ledger_event WHERE event_id = ANY (CAST(? AS text[]))",
                rs -> {
                    payloads.put(rs.getString(1), rs.getString(2));
                }, (Object) eventIds.toArray(String[]::new));
        return payloads;
    }
}
