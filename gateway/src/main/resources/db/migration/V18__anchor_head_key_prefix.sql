-- The head trees hold the hashes of their buckets and above, not every head (io.wipetrace.proof.BucketedHeadTree): a
-- bucket is a range of the first 32 bits of SHA-256(UTF-8 head_key), and its heads are read from here when one of
-- them is put or proven.
ALTER TABLE anchor_head ADD COLUMN key_prefix bigint;
UPDATE anchor_head
SET key_prefix = ('x' || left(encode(sha256(convert_to(head_key, 'UTF8')), 'hex'), 8))::bit(32)::bigint;
ALTER TABLE anchor_head
    ALTER COLUMN key_prefix SET NOT NULL,
    ADD CONSTRAINT anchor_head_key_prefix CHECK (key_prefix BETWEEN 0 AND 4294967295);
-- In the order a tree is built in (bucket by bucket, each key's newest row first), and by range for a bucket's heads;
-- with the head's own columns, so that both read the index alone.
CREATE INDEX anchor_head_by_key_prefix ON anchor_head (key_prefix, head_key, anchor_sequence DESC)
    INCLUDE (sequence, leaf_hash);
