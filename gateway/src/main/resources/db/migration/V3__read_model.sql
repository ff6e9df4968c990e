-- The read model: the current state of every device, its handovers, erasures and smelting lots, derived from the
-- 'wipetrace.events' elements by io.wipetrace.gateway.projection.ReadModelWriter in the same SQL transaction as the
-- block's ledger_transaction and ledger_event rows and the checkpoint. Every value comes from the ledger (times are
-- transaction timestamps, never now()), so a rebuild from block 0 reproduces these tables exactly.
-- No personal data: IMEI, serial and contact never reach the channel; only commitments and hashes are kept.

CREATE TABLE devices (
    device_id               text        PRIMARY KEY,
    state                   text        NOT NULL,
    custodian_msp_id        text        NOT NULL,
    -- the current site; the collection site until the device moves
    site_id                 text        NOT NULL,
    collector_msp_id        text        NOT NULL,
    collection_site_id      text        NOT NULL,
    collection_channel      text        NOT NULL,
    make                    text        NOT NULL,
    model                   text        NOT NULL,
    storage_gb              integer     NOT NULL,
    locked                  boolean     NOT NULL,
    receipt_hash            text        NOT NULL UNIQUE,
    identifier_commitment   text        NOT NULL,
    bag_id                  text,
    pending_handover_id     text,
    lot_id                  text,
    -- when each step first happened (transaction timestamps)
    collected_at            timestamptz NOT NULL,
    received_at             timestamptz,
    wiped_at                timestamptz,
    wipe_failed_at          timestamptz,
    dismantled_at           timestamptz,
    storage_destroyed_at    timestamptz,
    smelted_at              timestamptz,
    refurbished_at          timestamptz,
    personal_data_purged_at timestamptz,
    -- when the device entered its current state, and its last event
    state_since             timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    event_count             integer     NOT NULL CHECK (event_count >= 1),
    last_event_id           text        NOT NULL,
    last_block_number       bigint      NOT NULL,
    -- the latest erasure, in short (the erasures table has all of them)
    erasure_event_id        text,
    erasure_result          text,
    erasure_method          text,
    erasure_standard        text,
    erasure_station_id      text,
    erasure_report_sha256   text,
    erasure_verification    text,
    -- the storage destruction
    storage_destruction_method text
);

CREATE INDEX devices_state ON devices (state, device_id);
CREATE INDEX devices_custodian ON devices (custodian_msp_id, state, device_id);
CREATE INDEX devices_site ON devices (site_id, device_id);
CREATE INDEX devices_collected_at ON devices (collected_at, device_id);

-- One row per device per handover (an offer of a bag carries many devices).
CREATE TABLE custody (
    handover_id      text        NOT NULL,
    device_id        text        NOT NULL REFERENCES devices (device_id),
    status           text        NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED')),
    from_msp_id      text        NOT NULL,
    from_site_id     text,
    to_msp_id        text        NOT NULL,
    to_site_id       text        NOT NULL,
    container_id     text,
    seal_id          text,
    waybill          text,
    device_count     integer     NOT NULL,
    offered_at       timestamptz NOT NULL,
    offered_tx_id    text        NOT NULL,
    offered_block    bigint      NOT NULL,
    closed_at        timestamptz,
    closed_tx_id     text,
    closed_block     bigint,
    -- NULL until accepted
    seal_intact      boolean,
    -- the chaincode's exception on acceptance, e.g. SEAL_BROKEN
    seal_exception   text,
    rejection_reason text,
    PRIMARY KEY (handover_id, device_id)
);

CREATE INDEX custody_device ON custody (device_id, offered_block);
CREATE INDEX custody_pending ON custody (offered_at) WHERE status = 'PENDING';
CREATE INDEX custody_from ON custody (from_msp_id);
CREATE INDEX custody_to ON custody (to_msp_id);

-- Every erasure record as the chaincode accepted it (its signature checked against the registered station key).
CREATE TABLE erasures (
    event_id          text        PRIMARY KEY,
    device_id         text        NOT NULL REFERENCES devices (device_id),
    report_id         text        NOT NULL UNIQUE,
    report_sha256     text        NOT NULL,
    report_sm3        text,
    method            text        NOT NULL,
    technique         text        NOT NULL,
    standard          text        NOT NULL,
    tool              text        NOT NULL,
    tool_version      text        NOT NULL,
    result            text        NOT NULL,
    result_reason     text,
    verification_mode text        NOT NULL,
    verified_by       text        NOT NULL,
    station_id        text        NOT NULL,
    station_algorithm text        NOT NULL,
    site_id           text        NOT NULL,
    recorded_by       text        NOT NULL,
    -- the state the erasure left the device in: WIPED or WIPE_FAILED
    outcome_state     text        NOT NULL,
    -- e.g. DEVICE_LOCKED
    exceptions        text,
    signature_present boolean     NOT NULL,
    started_at        timestamptz NOT NULL,
    ended_at          timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    tx_id             text        NOT NULL,
    block_number      bigint      NOT NULL
);

CREATE INDEX erasures_device ON erasures (device_id, block_number);
CREATE INDEX erasures_recorded_by ON erasures (recorded_by, result);

-- Smelting lots: the declared figures and how many devices the ledger actually put in the lot.
CREATE TABLE lots (
    lot_id              text        PRIMARY KEY,
    smelter_msp_id      text        NOT NULL,
    site_id             text        NOT NULL,
    input_count         integer     NOT NULL,
    device_count        integer     NOT NULL,
    input_weight_grams  bigint      NOT NULL,
    output_weight_grams bigint      NOT NULL,
    closed_at           timestamptz NOT NULL,
    tx_id               text        NOT NULL,
    block_number        bigint      NOT NULL
);

CREATE INDEX lots_smelter ON lots (smelter_msp_id);
