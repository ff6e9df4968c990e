-- The idempotency store keeps no secret in clear: requests are named by a SHA-256 of the Idempotency-Key (never the
-- key), their request hash is an HMAC under a key derived from it, and stored responses and generated values are
-- sealed (AES-256-GCM) under another key derived from it, so only a retry presenting the key can read them.
--
-- Rows written before this hold receipt codes, salts and nonces in clear and name the key itself: they are deleted.
-- Upgrade with writes drained (no request in flight): a retry of a request answered before the upgrade runs anew.
delete from idempotency_request;

alter table idempotency_request rename column idempotency_key to key_hash;
alter table idempotency_step rename column idempotency_key to key_hash;
