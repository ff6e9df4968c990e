package io.wipetrace.tools.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayDatabaseTest {

    @Test
    void the_database_settings_are_read_from_the_gateways_yaml_without_quotes_or_comments() {
        final Map<String, String> settings = GatewayDatabase.settings(List.of(
                "# Written by network/steps/postgres.sh",
                "spring:",
                "  datasource:",
                "    url: 'jdbc:postgresql://127.0.0.1:8432/wipetrace?sslmode=disable'",
                "    username: wipetrace",
                "    password: 'se:cret'"));

        assertThat(settings).containsEntry("url", "jdbc:postgresql://127.0.0.1:8432/wipetrace?sslmode=disable")
                .containsEntry("username", "wipetrace").containsEntry("password", "se:cret")
                .doesNotContainKey("# Written by network/steps/postgres.sh");
    }
}
