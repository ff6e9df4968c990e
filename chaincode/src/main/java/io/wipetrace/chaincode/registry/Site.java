package io.wipetrace.chaincode.registry;

import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

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
@DataType
public record Site(
        @Property String siteId,
        @Property String mspId,
        @Property String name,
        @Property String city,
        @Property String licenceNumber,
        @Property String registeredAt) {}
