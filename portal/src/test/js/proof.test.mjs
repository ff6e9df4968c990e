// The browser's proof rules (static/js/proof.js) under Node's test runner, against the RFC 6962 vectors the Java
// Merkle tree is tested with, and Keccak-256 against known digests. Run by `mvn test` in the portal module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const { canonical, inclusionHolds, hex, unhex } = await import('../../main/resources/static/js/proof.js');
const { keccak256 } = await import('../../main/resources/static/js/keccak.js');

const vectors = JSON.parse(readFileSync(new URL('../../../../proof/src/test/resources/merkle-vectors.json',
  import.meta.url)));
const leafHash = async (dataHex) => new Uint8Array(await crypto.subtle.digest('SHA-256',
  Uint8Array.of(0, ...unhex(dataHex))));

test('every RFC 6962 inclusion vector holds, and fails for another leaf or another root', async () => {
  assert.ok(vectors.inclusion.length > 3);
  for (const v of vectors.inclusion) {
    const root = vectors.roots[v.treeSize - 1];
    const leaf = await leafHash(vectors.leaves[v.leafIndex]);
    assert.equal(await inclusionHolds(leaf, v.leafIndex, v.treeSize, v.path, root), true, JSON.stringify(v));
    const other = await leafHash(`${vectors.leaves[v.leafIndex]}ff`);
    assert.equal(await inclusionHolds(other, v.leafIndex, v.treeSize, v.path, root), false);
    if (v.treeSize > 1) {
      assert.equal(await inclusionHolds(leaf, v.leafIndex, v.treeSize, v.path, vectors.roots[0]), false);
    }
  }
});

// Inputs of more than one block (136 bytes) are checked end to end: ConsumerVerifyIT compares the browser's anchor
// hashes (192 bytes in) with the gateway's.
test('keccak256 matches Ethereum digests', () => {
  assert.equal(hex(keccak256(new Uint8Array())),
    'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  assert.equal(hex(keccak256(new TextEncoder().encode('Transfer(address,address,uint256)'))),
    'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef');
});

test('canonical JSON sorts keys at every level, drops null members and keeps arrays in order', () => {
  assert.equal(canonical({ b: 1, a: { d: [3, { z: null, y: 'é' }], c: null } }), '{"a":{"d":[3,{"y":"é"}]},"b":1}');
});
