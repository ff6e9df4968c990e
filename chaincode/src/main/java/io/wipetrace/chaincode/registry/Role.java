package io.wipetrace.chaincode.registry;

/** What an organisation may do in the alliance. An organisation may hold several roles. */
public enum Role {
    /** Collects devices from consumers (home pickup, store, mail bag) and registers them. */
    COLLECTOR,
    /** Carries devices between parties; may hold custody in transit chains. */
    LOGISTICS,
    /** Wipes, dismantles, destroys storage and refurbishes. */
    PROCESSOR,
    /** Smelts devices whose storage was destroyed, in lots. */
    SMELTER,
    /** Writes the registry and may correct any event; reads everything. */
    REGULATOR
}
