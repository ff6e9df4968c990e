-- The head map each anchor commits to (docs/proof-bundle.md, hash rule 3): for every key (device:<id>,
-- station:<id>, site:<id>, organisation:<mspId>) the sequence and leaf hash of its newest anchored event. A window's
-- merkle_root is then SHA-256(0x02 || events_root || heads_root). Windows planned before this migration have
-- neither root (their merkle_root is the events root alone).

ALTER TABLE anchor_window
    ADD COLUMN events_root bytea CHECK (length(events_root) = 32),
    ADD COLUMN heads_root  bytea CHECK (length(heads_root) = 32),
    ADD CONSTRAINT anchor_window_roots CHECK ((events_root IS NULL) = (heads_root IS NULL));

-- One row per key a window moved (its newest event in that window, or all history for the first window with a head
-- map); a key's head at anchor N is its row with the greatest anchor_sequence <= N. Written in the same SQL
-- transaction as the window and its leaves.
CREATE TABLE anchor_head (
    head_key         text    NOT NULL,
    anchor_sequence  bigint  NOT NULL REFERENCES anchor_window (sequence),
    sequence         bigint  NOT NULL CHECK (sequence >= 0),
    leaf_hash        bytea   NOT NULL CHECK (length(leaf_hash) = 32),
    PRIMARY KEY (head_key, anchor_sequence)
);
