-- Erasure report files each organisation stored (the files themselves are <reports dir>/<sha256>), so that
-- wipetrace.reports.quota-per-organisation can be enforced before an upload is kept. An organisation is counted once
-- per distinct report; reports stored before this migration are not counted.
CREATE TABLE report_file (
    organisation  text         NOT NULL,
    sha256        text         NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size          bigint       NOT NULL CHECK (size > 0),
    stored_at     timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation, sha256)
);
