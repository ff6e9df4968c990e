package io.wipetrace.chaincode.registry;

/**
 * Payload of the {@value RegistryContract#EVENT_NAME} chaincode event: the registry record as written.
 *
 * @param change ORGANISATION_REGISTERED, SITE_REGISTERED, STATION_REGISTERED or STATION_REVOKED
 * @param txId the transaction
 * @param txTimestamp its timestamp (ISO-8601)
 * @param organisation the organisation written, or absent
 * @param site the site written, or absent
 * @param station the station written, or absent
 */
public record RegistryChange(
        String change, String txId, String txTimestamp, Organisation organisation, Site site, Station station) {}
