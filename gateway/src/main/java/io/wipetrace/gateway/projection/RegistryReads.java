package io.wipetrace.gateway.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's registry as the read model has it: its organisations and sites, from the registry contract's events
 * ({@code ORGANISATION_REGISTERED}, {@code SITE_REGISTERED}) in {@code ledger_event}.
 */
@Component
public class RegistryReads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    /**
     * Reads over the projection's database.
     *
     * @param dataSource the projection's database
     */
    public RegistryReads(final DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * A site of the ledger's registry.
     *
     * @param siteId the site
     * @param mspId the organisation it belongs to
     * @param name its name, if registered
     * @param city its city, if registered
     */
    public record Site(String siteId, String mspId, String name, String city) {}

    /**
     * An organisation of the ledger's registry.
     *
     * @param mspId the organisation
     * @param name its name, if registered
     * @param roles the roles it holds
     */
    public record Organisation(String mspId, String name, List<String> roles) {}

    /**
     * The registry's sites, by site ID, at most 1000.
     *
     * @param mspId keeps one organisation's sites; {@code null} for all
     * @return the sites
     */
    public List<Site> sites(final String mspId) {
        return jdbc.query("SELECT payload -> 'site' AS site FROM ledger_event WHERE type = 'SITE_REGISTERED'"
                + " AND (CAST(? AS text) IS NULL OR payload -> 'site' ->> 'mspId' = ?)"
                + " ORDER BY payload -> 'site' ->> 'siteId' LIMIT 1000", (rs, row) -> {
                    final JsonNode site = json(rs.getString("site"));
                    return new Site(site.path("siteId").asText(), site.path("mspId").asText(),
                            site.path("name").asText(null), site.path("city").asText(null));
                }, mspId, mspId);
    }

    /** @return the registry's organisations, by MSP ID, at most 1000 */
    public List<Organisation> organisations() {
        return jdbc.query("SELECT payload -> 'organisation' AS organisation FROM ledger_event"
                + " WHERE type = 'ORGANISATION_REGISTERED' ORDER BY payload -> 'organisation' ->> 'mspId' LIMIT 1000",
                (rs, row) -> {
                    final JsonNode organisation = json(rs.getString("organisation"));
                    final List<String> roles = new ArrayList<>();
                    organisation.path("roles").forEach(role -> roles.add(role.asText()));
                    return new Organisation(organisation.path("mspId").asText(), organisation.path("name").asText(null),
                            roles);
                });
    }

    /**
     * @param mspId an organisation's MSP ID
     * @return its registered name from its newest registration, or {@code null} when it registered none
     */
    public String organisationName(final String mspId) {
        final List<String> names = jdbc.queryForList("""
                SELECT payload -> 'organisation' ->> 'name' FROM ledger_event
                WHERE device_id IS NULL AND type = 'ORGANISATION_REGISTERED'
                  AND payload -> 'organisation' ->> 'mspId' = ?
                ORDER BY block_number DESC, tx_index DESC, event_index DESC LIMIT 1""", String.class, mspId);
        return names.isEmpty() ? null : names.getFirst();
    }

    private static JsonNode json(final String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a registry change in the projection is not JSON", e);
        }
    }
}
