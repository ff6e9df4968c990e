package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.RunningNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The read model's SQL on the instance's own PostgreSQL (embedded by default, or the external one it names). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class ReadModelStoreIT extends ReadModelStoreChecks {

    @Autowired
    private DataSourceProperties dataSource;

    @BeforeAll
    static void requireARunningNetwork() {
        RunningNetwork.require();
    }

    @Override
    Server server() {
        return new Server(dataSource.determineUrl(), dataSource.determineUsername(), dataSource.determinePassword());
    }
}
