-- The regulator's search by the start of an ID (io.wipetrace.gateway.projection.OverviewReads#search): each
-- `column LIKE 'prefix%'` is a range scan of one of these indexes. text_pattern_ops compares character by character,
-- so the range scan works whatever the database's collation (a default-opclass index serves LIKE only under "C").
CREATE INDEX devices_id_prefix ON devices (device_id text_pattern_ops);
CREATE INDEX devices_bag_prefix ON devices (bag_id text_pattern_ops);
CREATE INDEX devices_lot_prefix ON devices (lot_id text_pattern_ops);
CREATE INDEX custody_handover_prefix ON custody (handover_id text_pattern_ops);
CREATE INDEX custody_seal_prefix ON custody (seal_id text_pattern_ops);
CREATE INDEX custody_device_prefix ON custody (device_id text_pattern_ops);
CREATE INDEX lots_id_prefix ON lots (lot_id text_pattern_ops);
