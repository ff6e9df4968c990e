package io.wipetrace.chaincode.device;

/** Composite key object types of the device contract; each lookup is a point read or a prefix of one of these. */
final class DeviceKeys {

    /** ("device", deviceId) → {@link Device}. */
    static final String DEVICE = "device";
    /** ("device.receipt", receiptHash) → {"deviceId"}. */
    static final String RECEIPT = "device.receipt";
    /** ("device.custody", custodianMspId, state, deviceId) → {}: the custodian~state~deviceId index. */
    static final String CUSTODY = "device.custody";
    /** ("event", deviceId, sequence as 10 zero-padded digits) → {@link EventRecord}. */
    static final String EVENT = "event";
    /** ("handover", handoverId) → {@link Handover}. */
    static final String HANDOVER = "handover";
    /** ("lot", lotId) → {@link SmeltingLot}. */
    static final String LOT = "lot";
    /** ("erasure.report", reportId) → {"deviceId","eventId"}: a report is recorded once. */
    static final String REPORT = "erasure.report";

    /** Prefix of the private data collection of a collecting organisation; the MSP ID follows. */
    static final String PERSONAL_COLLECTION_PREFIX = "personal_";

    private DeviceKeys() {}

    static String sequence(final long sequence) {
        return String.format(java.util.Locale.ROOT, "%010d", sequence);
    }
}
