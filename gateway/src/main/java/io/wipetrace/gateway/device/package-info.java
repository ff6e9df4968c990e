/**
 * Devices: registering a collection (device ID, receipt code and its QR code, private personal data) and purging
 * personal data.
 */
package io.wipetrace.gateway.device;
