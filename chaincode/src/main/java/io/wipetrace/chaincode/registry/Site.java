package io.wipetrace.chaincode.registry;

/**
 * A licensed place where an organisation collects, stores or processes devices.
 *
 * @param siteId the site's ID
 * @param mspId the owning organisation
 * @param name display name
 * @param city city
 * @param licenceNumber the operating licence
 * @param registeredAt transaction timestamp of the registration (ISO-8601)
 */
public record Site(
        String siteId,
        String mspId,
        String name,
        String city,
        String licenceNumber,
        String registeredAt) {}
