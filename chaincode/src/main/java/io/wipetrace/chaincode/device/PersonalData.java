package io.wipetrace.chaincode.device;

/**
 * What the collecting organisation keeps about a device in its private data collection {@code personal_<MSP ID>}
 * under the device ID: never on the channel ledger, purgeable.
 *
 * @param deviceId the device
 * @param imei IMEI (14 to 16 digits), or absent
 * @param serial serial number, or absent
 * @param contact the consumer's contact, or absent
 * @param salt the salt of the identifier commitment
 */
public record PersonalData(String deviceId, String imei, String serial, String contact, String salt) {}
