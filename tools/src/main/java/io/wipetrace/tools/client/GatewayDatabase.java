package io.wipetrace.tools.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's database, as the network wrote its URL and credentials for the gateway into
 * {@code <state>/gateway/database.yml}: for tools that read the projection's or the anchoring's tables themselves, on a
 * connection of their own.
 */
public final class GatewayDatabase {

    private GatewayDatabase() {}

    /** A new connection to the instance's gateway database; the caller closes it. */
    public static Connection open(final Path state) throws IOException, SQLException {
        final Map<String, String> settings = settings(Files.readAllLines(state.resolve("gateway/database.yml")));
        return DriverManager.getConnection(settings.get("url"), settings.get("username"), settings.get("password"));
    }

    /** Every {@code key: value} line of a {@code database.yml}, by key, the value's single quotes taken off. */
    static Map<String, String> settings(final List<String> lines) {
        final Map<String, String> settings = new HashMap<>();
        for (String line : lines) {
            final String trimmed = line.trim();
            final int colon = trimmed.indexOf(':');
            if (colon > 0 && !trimmed.startsWith("#")) {
                settings.put(trimmed.substring(0, colon), trimmed.substring(colon + 1).trim().replaceAll("^'|'$", ""));
            }
        }
        return settings;
    }
}
