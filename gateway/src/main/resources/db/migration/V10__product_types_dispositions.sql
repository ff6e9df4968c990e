-- The national standard on erasing information from electronic products: the kind of product, whether the
-- collection carries a consent record, and resale and export of devices (RESOLD, EXPORTED events). Devices projected
-- before these existed were phones collected with consent, as the chaincode then required.

ALTER TABLE devices
    ADD COLUMN product_type     text        NOT NULL DEFAULT 'PHONE',
    ADD COLUMN consent_recorded boolean     NOT NULL DEFAULT true,
    ADD COLUMN resold_at        timestamptz,
    ADD COLUMN exported_at      timestamptz,
    -- what allowed it to leave: VERIFIED_ERASURE or STORAGE_DESTROYED (the RESOLD or EXPORTED event's basis)
    ADD COLUMN release_basis    text,
    ADD COLUMN release_event_id text,
    ADD COLUMN export_country   text;

CREATE INDEX devices_product_type ON devices (product_type, device_id);
