/**
 * The bytes WipeTrace's proofs are made of, in a module of their own because the gateway that builds proofs and
 * every verifier that checks them (the verifier command, the portal's in-browser check, a third party's tool) must
 * compute them identically.
 *
 * <ul>
 *   <li>{@link io.wipetrace.proof.MerkleTree}: the Merkle tree hash of RFC 6962 section 2.1 (RFC 9162 section
 *       2.1): a leaf is {@code SHA-256(0x00 || data)}, an inner node {@code SHA-256(0x01 || left || right)}, so a
 *       leaf can never pass for a node; inclusion proofs and their verification per RFC 9162 section 2.1.3.
 *   <li>{@link io.wipetrace.proof.EventLeaf}: a ledger event's leaf data is a 32-byte random salt followed by the
 *       event's canonical JSON, so that an anchored root reveals nothing about events whose content could be
 *       guessed (a device ID, a receipt hash) to anyone without the salt.
 *   <li>{@link io.wipetrace.proof.FabricBlockHash}: the header hash peers chain blocks with.
 * *   <li>{@link io.wipetrace.proof.AnchorHash}: the hash that names an anchor on the EVM chain and on Fabric.
 *   <li>{@link io.wipetrace.proof.AnchorCall}: the anchor contract's calldata and event, which the gateway sends and
 *       verifiers read back from the chain.
 *   <li>{@link io.wipetrace.proof.SignatureAlgorithm}: how a wiping station's signature over an erasure record is
 *       checked (ECDSA P-256, Ed25519, SM2), by the chaincode before it records the erasure and by every verifier.
 * </ul>
 *
 * <p>Test vectors: {@code src/test/resources/merkle-vectors.json}, the RFC 6962 reference vectors, and {@code
 * src/test/resources/canonical-json-vectors.json}, inputs with their canonical bytes and hashes, which the portal
 * and any other implementation can check themselves against.
 */
package io.wipetrace.proof;
