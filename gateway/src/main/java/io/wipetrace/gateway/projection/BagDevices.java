package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.ledger.LedgerClient;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The devices of a bag that an organisation holds, from the read model, for a bag offer. The ledger keeps no index by
 * bag: read from it, a bag's devices are found by going through every device the organisation holds, a page at a time
 * (seconds per ten thousand devices, so a collector holding many made every bag offer slow). The read model has them
 * by bag; it is asked once it has reached the height the organisation's own peer reports now, so every device that
 * the organisation's earlier writes committed is in it, as a read of its peer would have it.
 */
@Service
public class BagDevices {

    private final CustodyReads custody;
    private final ReadYourWrites readYourWrites;
    private final ObjectProvider<LedgerClient> ledger;

    BagDevices(final CustodyReads custody, final ReadYourWrites readYourWrites,
            final ObjectProvider<LedgerClient> ledger) {
        this.custody = custody;
        this.readYourWrites = readYourWrites;
        this.ledger = ledger;
    }

    /**
     * The devices of a bag that an organisation holds in one of the given states with no handover pending.
     *
     * @param organisation the organisation, whose own peer gives the height to wait for
     * @param mspId its MSP ID, the devices' custodian
     * @param bagId the bag
     * @param states the states a device may be offered in
     * @param limit the most device IDs returned
     * @return their IDs in ID order; empty when the read model did not reach that height within the read-your-writes
     *     bound, and the caller must read the ledger instead
     */
    public Optional<List<String>> held(final String organisation, final String mspId, final String bagId,
            final Collection<String> states, final int limit) {
        final long lastBlock = ledger.getObject().chainInfo(organisation).height() - 1;
        if (!readYourWrites.await(lastBlock).current()) {
            return Optional.empty();
        }
        return Optional.of(custody.bagDevices(mspId, bagId, states, limit));
    }
}
