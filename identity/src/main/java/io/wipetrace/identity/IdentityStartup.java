package io.wipetrace.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * After {@link SealTotpSecrets} sealed clear secrets in this process: {@code VACUUM FULL} rewrites the account table
 * into a new file without the old row versions and with the dropped clear column emptied, so the table's files no
 * longer hold a clear secret. Runs before anything else at start (the demo accounts, the {@code account} command).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdentityStartup implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityStartup.class);

    private final SealTotpSecrets migration;
    private final JdbcClient jdbc;

    IdentityStartup(final SealTotpSecrets migration, final JdbcClient jdbc) {
        this.migration = migration;
        this.jdbc = jdbc;
    }

    @Override
    public void run(final ApplicationArguments args) {
        if (migration.sealedNow() > 0) {
            jdbc.sql("VACUUM FULL account").update();
            LOG.info("rewrote the account table without its clear TOTP secrets");
        }
    }
}
