-- The gateway process that holds an idempotency key's lease: the ID of the PostgreSQL advisory lock that process
-- holds while it lives (io.wipetrace.gateway.idempotency.ProcessLiveness). A retry takes over a key whose owner's lock
-- is gone (the process died) at once, without waiting for the lease to run out. Null in rows written before.
alter table idempotency_request add column owner integer;
