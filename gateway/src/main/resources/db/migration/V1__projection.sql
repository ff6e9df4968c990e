-- The projection of the channel, written only by the block listener (io.wipetrace.gateway.projection).
-- One channel per schema; a rebuild fills a fresh schema from block 0.

-- The last block fully projected, moved in the same SQL transaction as that block's rows.
CREATE TABLE projection_checkpoint (
    channel      text        PRIMARY KEY,
    -- -1 until the first block is projected
    block_number bigint      NOT NULL CHECK (block_number >= -1),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Every valid endorser transaction, whatever chaincode it invoked. Invalid transactions changed nothing on the
-- ledger and appear nowhere here.
CREATE TABLE ledger_transaction (
    tx_id          text        PRIMARY KEY,
    block_number   bigint      NOT NULL CHECK (block_number >= 0),
    -- position in the block, counting invalid transactions too
    tx_index       integer     NOT NULL CHECK (tx_index >= 0),
    chaincode      text        NOT NULL,
    creator_msp_id text        NOT NULL,
    -- the client's timestamp from the channel header
    tx_timestamp   timestamptz NOT NULL,
    -- the chaincode event of the projected chaincode, if the transaction emitted one
    event_name     text,
    event_payload  bytea,
    CONSTRAINT ledger_transaction_position UNIQUE (block_number, tx_index),
    CONSTRAINT ledger_transaction_event CHECK ((event_name IS NULL) = (event_payload IS NULL))
);

CREATE INDEX ledger_transaction_event_name ON ledger_transaction (event_name, block_number, tx_index)
    WHERE event_name IS NOT NULL;

-- Each element of a 'wipetrace.events' chaincode event's {"events": [...]} payload. Generic: the type and device
-- are lifted out for lookups, the element itself is kept whole.
CREATE TABLE ledger_event (
    event_id     text    PRIMARY KEY,
    -- NULL for an event about no single device
    device_id    text,
    type         text    NOT NULL,
    block_number bigint  NOT NULL,
    tx_id        text    NOT NULL REFERENCES ledger_transaction (tx_id),
    tx_index     integer NOT NULL,
    -- position in the payload's events array
    event_index  integer NOT NULL CHECK (event_index >= 0),
    payload      jsonb   NOT NULL,
    CONSTRAINT ledger_event_position UNIQUE (block_number, tx_index, event_index)
);

CREATE INDEX ledger_event_device ON ledger_event (device_id, block_number, tx_index, event_index)
    WHERE device_id IS NOT NULL;
CREATE INDEX ledger_event_type ON ledger_event (type, block_number);
