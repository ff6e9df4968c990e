-- Bulk imports (io.wipetrace.gateway.bulk): a partner's CSV or JSON-lines file, validated row by row when it arrives,
-- stored here before the request is answered, then written to the ledger in batches by the import worker. Every row
-- gets its device ID and receipt code at intake, so a batch sent again after a crash names the same devices and the
-- chaincode recognises what landed before (RegisterCollections: ALREADY_REGISTERED); each batch's endorsed
-- transaction is recorded before it is submitted, so a restarted worker settles that transaction rather than send a
-- new one. A batch's outcome, its rows and the job's counters change in one SQL transaction.

CREATE TABLE import_job (
    id                uuid        PRIMARY KEY,
    -- the importing organisation (organisation key, e.g. 'collector') and its MSP ID
    organisation      text        NOT NULL,
    msp_id            text        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('collections')),
    format            text        NOT NULL CHECK (format IN ('CSV', 'JSONL')),
    file_name         text,
    -- the Idempotency-Key of the request and the SHA-256 of what it sent (kind, format, file bytes)
    idempotency_key   text        NOT NULL,
    request_hash      char(64)    NOT NULL,
    -- QUEUED → RUNNING → COMPLETED (every row landed or failed)
    state             text        NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED')),
    batch_size        integer     NOT NULL CHECK (batch_size BETWEEN 1 AND 500),
    rows_total        integer     NOT NULL CHECK (rows_total > 0),
    -- refused at intake (rows_invalid), then on the ledger: done = registered, failed = invalid + rejected
    rows_invalid      integer     NOT NULL CHECK (rows_invalid >= 0),
    rows_done         integer     NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
    rows_failed       integer     NOT NULL CHECK (rows_failed >= 0),
    -- the last transient failure while the worker retries (network down, outcome unknown); null when none
    last_error        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    -- set when the clear receipt codes of the job's rows were deleted
    receipts_purged_at timestamptz,
    CONSTRAINT import_job_idempotency UNIQUE (organisation, idempotency_key),
    CONSTRAINT import_job_counts CHECK (rows_done + rows_failed <= rows_total)
);

CREATE INDEX import_job_unfinished ON import_job (created_at) WHERE state <> 'COMPLETED';
CREATE INDEX import_job_receipts ON import_job (finished_at) WHERE receipts_purged_at IS NULL;

-- A batch: up to batch_size valid rows sent in one RegisterCollections transaction. tx_* is the transaction
-- endorsed for it, recorded before it goes to the orderers (io.wipetrace.gateway.ledger.TransactionJournal).
CREATE TABLE import_batch (
    job_id        uuid        NOT NULL REFERENCES import_job ON DELETE CASCADE,
    batch_no      integer     NOT NULL CHECK (batch_no >= 0),
    state         text        NOT NULL CHECK (state IN ('PENDING', 'DONE')),
    tx_id         text,
    tx_bytes      bytea,
    tx_result     bytea,
    attempts      integer     NOT NULL DEFAULT 0,
    block_number  bigint,
    finished_at   timestamptz,
    PRIMARY KEY (job_id, batch_no)
);

CREATE INDEX import_batch_pending ON import_batch (job_id, batch_no) WHERE state = 'PENDING';

-- One row per data record of the file (row_number from 1, the header not counted; line = the file line it starts
-- on). INVALID rows never reach the ledger; PENDING rows wait for their batch; REGISTERED and REJECTED are final.
CREATE TABLE import_row (
    job_id        uuid        NOT NULL REFERENCES import_job ON DELETE CASCADE,
    row_number    integer     NOT NULL CHECK (row_number >= 1),
    line          integer     NOT NULL CHECK (line >= 1),
    state         text        NOT NULL CHECK (state IN ('INVALID', 'PENDING', 'REGISTERED', 'REJECTED')),
    batch_no      integer,
    device_id     text        UNIQUE,
    receipt_hash  char(64)    UNIQUE,
    -- the clear receipt code, for the importing partner to hand to the consumer; deleted with the job's
    -- receipts_purged_at (wipetrace.imports.receipt-retention after the job finished)
    receipt_code  text,
    -- the chaincode argument of this row (RegisterCollections item), canonical JSON
    payload       text,
    -- REGISTERED by this job's transaction, or ALREADY_REGISTERED (landed before, recognised on resubmission)
    outcome       text        CHECK (outcome IN ('REGISTERED', 'ALREADY_REGISTERED')),
    tx_id         text,
    block_number  bigint,
    PRIMARY KEY (job_id, row_number),
    CONSTRAINT import_row_batch FOREIGN KEY (job_id, batch_no) REFERENCES import_batch,
    CONSTRAINT import_row_valid CHECK ((state = 'INVALID') = (device_id IS NULL))
);

CREATE INDEX import_row_batch_rows ON import_row (job_id, batch_no, row_number);

-- Why a row failed: at intake (field, stable code) or on the ledger (the chaincode's code). A row may have several.
CREATE TABLE import_row_error (
    job_id      uuid     NOT NULL,
    row_number  integer  NOT NULL,
    seq         integer  NOT NULL,
    field       text,
    code        text     NOT NULL,
    message     text     NOT NULL,
    PRIMARY KEY (job_id, row_number, seq),
    FOREIGN KEY (job_id, row_number) REFERENCES import_row ON DELETE CASCADE
);
