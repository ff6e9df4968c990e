// The browser's proof rules (static/js/proof.js) under Node's test runner, against the RFC 6962 vectors the Java
// Merkle tree is tested with, and Keccak-256 against known digests. Run by `mvn test` in the portal module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const { canonical, inclusionHolds, hex, unhex, ANCHORED_EVENT, ANCHORED_TOPIC, chainStatus } =
  await import('../../main/resources/static/js/proof.js');
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

// The event the browser looks for must be the one the contract emits: its signature is read from the Solidity source.
test('the Anchored event signature is the anchor contract\'s', () => {
  const source = readFileSync(new URL('../../../../anchor/src/main/solidity/WipeTraceAnchor.sol', import.meta.url),
    'utf8');
  const declared = source.match(/event\s+Anchored\(([^)]*)\);/);
  assert.ok(declared, 'the contract declares an Anchored event');
  const types = declared[1].split(',').map((p) => p.trim().split(/\s+/)[0]);
  assert.equal(ANCHORED_EVENT, `Anchored(${types.join(',')})`);
  assert.equal(ANCHORED_TOPIC, `0x${hex(keccak256(new TextEncoder().encode(ANCHORED_EVENT)))}`);
});

const anchor = {
  sequence: 3, chainId: 31337, evmBlock: 120, anchorHash: 'ab'.repeat(32),
  contractAddress: '0x00000000000000000000000000000000000000c0', evmTransaction: `0x${'12'.repeat(32)}`,
};
const logOf = (a, change = {}) => ({
  address: a.contractAddress, transactionHash: a.evmTransaction, removed: false,
  topics: [ANCHORED_TOPIC, `0x${'00'.repeat(31)}03`, `0x${a.anchorHash}`], ...change,
});
// An answering function in place of the HTTP call: the rule is what is tested here, ConsumerVerifyIT runs it
// against the real EVM node.
const answering = (chainId, logs, seen = []) => async (url, method, params) => {
  seen.push({ method, params });
  if (method === 'eth_chainId') return `0x${chainId.toString(16)}`;
  if (method === 'eth_getLogs') return logs;
  throw new Error(`unexpected ${method}`);
};

test('the chain check asks for the anchor\'s event by sequence and anchor hash in the anchor\'s block', async () => {
  const seen = [];
  assert.equal(await chainStatus('rpc', anchor, answering(31337, [logOf(anchor)], seen)), 'valid');
  const filter = seen.find((c) => c.method === 'eth_getLogs').params[0];
  assert.deepEqual(filter.topics, [ANCHORED_TOPIC, `0x${'00'.repeat(31)}03`, `0x${'ab'.repeat(32)}`]);
  assert.equal(filter.fromBlock, '0x78');
  assert.equal(filter.toBlock, '0x78');
  assert.equal(filter.address, anchor.contractAddress);
});

test('the chain check fails on another chain, no event, another transaction, another hash or a removed log',
  async () => {
    assert.equal(await chainStatus('rpc', anchor, answering(1, [logOf(anchor)])), 'invalid');
    assert.equal(await chainStatus('rpc', anchor, answering(31337, [])), 'invalid');
    assert.equal(await chainStatus('rpc', anchor,
      answering(31337, [logOf(anchor, { transactionHash: `0x${'34'.repeat(32)}` })])), 'invalid');
    assert.equal(await chainStatus('rpc', anchor, answering(31337, [logOf({ ...anchor, anchorHash: 'cd'.repeat(32) })])),
      'invalid');
    assert.equal(await chainStatus('rpc', anchor, answering(31337, [logOf(anchor, { removed: true })])), 'invalid');
    assert.equal(await chainStatus('rpc', anchor, async () => { throw new Error('connection refused'); }),
      'unreachable');
  });
