-- A device collected without consent: the owner's consent recorded later (CONSENT_RECORDED event, which also sets
-- consent_recorded), or the device handed back unwiped to its owner (RETURNED_TO_OWNER event, state RETURNED).

ALTER TABLE devices
    ADD COLUMN consent_recorded_at timestamptz,
    ADD COLUMN returned_at         timestamptz,
    -- the RETURNED_TO_OWNER event's reason: a code such as CONSENT_REFUSED, never personal data
    ADD COLUMN return_reason       text;
