package io.wipetrace.gateway.projection;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The read model's SQL on PostgreSQL in a container, where a Docker engine exists (Testcontainers); skipped, and
 * reported as skipped, where none does. The same checks run on the embedded server in {@link ReadModelStoreIT}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ReadModelStoreContainerIT extends ReadModelStoreChecks {

    @Container
    private static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:18-alpine");

    @Override
    Server server() {
        return new Server(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
    }
}
