package io.wipetrace.gateway.bulk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes the clear receipt codes of jobs finished longer ago than {@code wipetrace.imports.receipt-retention}. */
@Component
class ImportMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(ImportMaintenance.class);

    private final ImportStore store;
    private final ImportProperties properties;

    ImportMaintenance(final ImportStore store, final ImportProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${wipetrace.imports.purge-interval:15m}", initialDelayString = "1m")
    void purgeReceiptCodes() {
        final int jobs = store.purgeReceiptCodes(properties.receiptRetention());
        if (jobs > 0) {
            LOG.info("deleted the clear receipt codes of {} import jobs finished more than {} ago", jobs,
                    properties.receiptRetention());
        }
    }
}
