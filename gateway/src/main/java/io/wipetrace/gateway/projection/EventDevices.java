package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.ledger.LedgerClient;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Which device an event is about, by the event's ID, from the read model. The ledger keeps no index from event IDs to
 * devices (a correction names its device), so a caller that knows only the event's ID is helped from here.
 */
@Service
public class EventDevices {

    private final EventReads events;
    private final ReadYourWrites readYourWrites;
    private final ObjectProvider<LedgerClient> ledger;
    private final ProjectionProperties properties;

    EventDevices(final EventReads events, final ReadYourWrites readYourWrites, final ObjectProvider<LedgerClient> ledger,
            final ProjectionProperties properties) {
        this.events = events;
        this.readYourWrites = readYourWrites;
        this.ledger = ledger;
        this.properties = properties;
    }

    /**
     * The device an event is about. An event the read model does not hold yet may have been committed since it last
     * caught up: then, where this gateway projects the ledger, this waits, within the read-your-writes bound, until
     * the read model has reached the ledger's height as the projection's peer reports it now, and looks again. A
     * gateway that does not project answers from the read model as it stands.
     *
     * @param eventId the event's ID
     * @return the device; empty when no such event about a device is on the ledger, or the read model did not reach
     *     the ledger's height within the bound
     */
    public Optional<String> deviceOf(final String eventId) {
        final Optional<String> projected = events.deviceOf(eventId);
        if (projected.isPresent() || !properties.enabled()) {
            return projected;
        }
        final long lastBlock = ledger.getObject().chainInfo(properties.organisation()).height() - 1;
        return readYourWrites.await(lastBlock).current() ? events.deviceOf(eventId) : Optional.empty();
    }
}
