/**
 * The gateway's symmetric cryptography in one place, so every feature seals and derives alike: AES-256-GCM with a
 * random 96-bit nonce ({@link io.wipetrace.gateway.crypto.Aead}) and HMAC-SHA256 / HKDF-Expand
 * ({@link io.wipetrace.gateway.crypto.Keys}). Personal data is sealed under per-device keys, the idempotency store's
 * secrets under keys derived from the client's Idempotency-Key.
 */
package io.wipetrace.gateway.crypto;
