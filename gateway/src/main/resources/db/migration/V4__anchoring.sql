-- Anchoring (io.wipetrace.gateway.anchoring): windows of the channel's events anchored on an EVM chain, and the
-- salted leaves proofs are built from. Written only by the anchoring service; every state is persisted before the
-- next step, so a restart resumes where it stopped.

CREATE TABLE anchor_window (
    sequence         bigint      PRIMARY KEY CHECK (sequence >= 0),
    first_block      bigint      NOT NULL CHECK (first_block >= 0),
    last_block       bigint      NOT NULL CHECK (last_block >= first_block),
    event_count      integer     NOT NULL CHECK (event_count > 0),
    merkle_root      bytea       NOT NULL CHECK (length(merkle_root) = 32),
    last_block_hash  bytea       NOT NULL CHECK (length(last_block_hash) = 32),
    previous_anchor  bytea       NOT NULL CHECK (length(previous_anchor) = 32),
    anchor_hash      bytea       NOT NULL CHECK (length(anchor_hash) = 32),
    -- PLANNED → SIGNED → SENT → CONFIRMED → RECORDED; FAILED needs an operator
    status           text        NOT NULL CHECK (status IN ('PLANNED', 'SIGNED', 'SENT', 'CONFIRMED', 'RECORDED',
                                                            'FAILED')),
    evm_transaction  text,
    -- the signed transaction, kept so that it is broadcast again (never re-signed) after a crash or a reorg
    evm_raw          text,
    evm_block        bigint,
    fabric_tx_id     text,
    failure          text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT anchor_window_blocks UNIQUE (first_block)
);

CREATE INDEX anchor_window_open ON anchor_window (sequence) WHERE status <> 'RECORDED';

CREATE TABLE anchor_leaf (
    event_id    text    PRIMARY KEY REFERENCES ledger_event (event_id),
    sequence    bigint  NOT NULL REFERENCES anchor_window (sequence),
    leaf_index  integer NOT NULL CHECK (leaf_index >= 0),
    salt        bytea   NOT NULL CHECK (length(salt) = 32),
    leaf_hash   bytea   NOT NULL CHECK (length(leaf_hash) = 32),
    CONSTRAINT anchor_leaf_position UNIQUE (sequence, leaf_index)
);
