-- The heads each window moved, read window by window: proof bundles move their head tree from one final anchor to
-- the next by these rows instead of reading every key's head again.
CREATE INDEX anchor_head_by_window ON anchor_head (anchor_sequence);
