-- A handover can be accepted in part: the devices the receiver did not find on arrival close their custody row as
-- MISSING (the DEVICE_MISSING event) while the others close as ACCEPTED. Their seal_exception column then holds the
-- chaincode's exceptions, DEVICE_MISSING first.
ALTER TABLE custody DROP CONSTRAINT custody_status_check;
ALTER TABLE custody ADD CONSTRAINT custody_status_check
    CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED', 'MISSING'));
COMMENT ON COLUMN custody.seal_exception IS
    'the chaincode''s exceptions on closing, comma-separated: SEAL_BROKEN, SEAL_BROKEN_BEFORE_ERASURE, DEVICE_MISSING';
