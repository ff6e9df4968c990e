// The browser's proof rules (static/js/proof.js, sm2.js) under Node's test runner: the shared vectors of the proof
// module (Merkle, head map, anchor root, signatures), SM3, every rule's code on bundles built in bundles.mjs and
// tampered here, and the two JSON-RPC batches. Run by `mvn test` in the portal module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash, webcrypto } from 'node:crypto';
import { genuine, fakeNode, TRUST, CONTRACT, stationKey, signedErasure, treeHash, eventHashOf } from './bundles.mjs';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const {
  canonical, inclusionHolds, hex, unhex, ANCHORED_EVENT, ANCHORED_TOPIC, ANCHOR_COUNT, ANCHOR_COUNT_SELECTOR,
  headHolds, anchorRoot, anchorHash, signatureValid, verifyBundle, pinnedTrust, chainRound1, publicForm, eventHash,
  commitmentsHold,
} = await import('../../main/resources/static/js/proof.js');
const { keccak256 } = await import('../../main/resources/static/js/keccak.js');
const { sm3, sm2Verify, sm2PublicKey } = await import('../../main/resources/static/js/sm2.js');

const resource = (name) => JSON.parse(readFileSync(new URL(`../../../../proof/src/test/resources/${name}`,
  import.meta.url)));
const vectors = resource('merkle-vectors.json');
const leafHash = async (dataHex) => new Uint8Array(await crypto.subtle.digest('SHA-256',
  Uint8Array.of(0, ...unhex(dataHex))));
const utf8 = (text) => new TextEncoder().encode(text);

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

test('every head map vector proves its head, and no other sequence, leaf or root', async () => {
  const heads = resource('heads-vectors.json');
  let proven = 0;
  for (const map of heads.maps) {
    for (const e of map.entries) {
      assert.equal(await headHolds(e.key, e.sequence, unhex(e.leaf), e.path, map.root), true, e.key);
      assert.equal(await headHolds(e.key, e.sequence + 1, unhex(e.leaf), e.path, map.root), false);
      assert.equal(await headHolds(`${e.key}x`, e.sequence, unhex(e.leaf), e.path, map.root), false);
      assert.equal(await headHolds(e.key, e.sequence, unhex(e.leaf), e.path, '00'.repeat(32)), false);
      proven += 1;
    }
  }
  assert.ok(proven > 5);
});

test('the anchor root vector', async () => {
  const { eventsRoot, headsRoot, merkleRoot } = resource('heads-vectors.json').anchorRoot;
  assert.equal(await anchorRoot(eventsRoot, headsRoot), merkleRoot);
  assert.notEqual(await anchorRoot(headsRoot, eventsRoot), merkleRoot);
});

// Inputs of more than one block (136 bytes) are checked by the anchor hashes of the bundles below (192 bytes in).
test('keccak256 matches Ethereum digests', () => {
  assert.equal(hex(keccak256(new Uint8Array())),
    'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  assert.equal(hex(keccak256(utf8('Transfer(address,address,uint256)'))),
    'ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef');
});

test('SM3 matches the GB/T 32905 examples', () => {
  assert.equal(hex(sm3(utf8('abc'))), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.equal(hex(sm3(utf8('abcd'.repeat(16)))), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
});

test('the shared signature vectors: each valid signature holds, each tampered one and another payload do not',
  async () => {
    const signatures = resource('signature-vectors.json');
    assert.deepEqual(signatures.vectors.map((v) => v.algorithm).sort(), ['ECDSA_P256', 'ED25519', 'SM2']);
    for (const v of signatures.vectors) {
      const payload = utf8(signatures.payload);
      assert.equal(await signatureValid(v.algorithm, v.publicKey, payload, v.signature), true, v.algorithm);
      assert.equal(await signatureValid(v.algorithm, v.publicKey, payload, v.tamperedSignature), false, v.algorithm);
      assert.equal(await signatureValid(v.algorithm, v.publicKey, utf8('another'), v.signature), false, v.algorithm);
      assert.equal(await signatureValid(v.algorithm, v.publicKey, payload, 'not base64!'), false, v.algorithm);
    }
    const sm2 = signatures.vectors.find((v) => v.algorithm === 'SM2');
    const key = Buffer.from(sm2.publicKey, 'base64');
    assert.ok(sm2PublicKey(new Uint8Array(key)).x > 0n);
    // A P-256 key is not an SM2 key, and a signature with a trailing byte is not DER.
    const p256 = signatures.vectors.find((v) => v.algorithm === 'ECDSA_P256');
    assert.equal(sm2Verify(new Uint8Array(Buffer.from(p256.publicKey, 'base64')), utf8(signatures.payload),
      new Uint8Array(Buffer.from(sm2.signature, 'base64'))), false);
    assert.equal(sm2Verify(new Uint8Array(key), utf8(signatures.payload),
      new Uint8Array([...Buffer.from(sm2.signature, 'base64'), 0])), false);
  });

test('the shared event vectors: public form, previous-event hash and text commitments', async () => {
  const events = resource('event-vectors.json');
  assert.ok(events.events.length >= 3);
  for (const v of events.events) {
    assert.equal(canonical(publicForm(v.event)), v.publicForm, v.name);
    assert.equal(await eventHash(v.event), v.eventHash, v.name);
    assert.equal(eventHashOf(v.event), v.eventHash, v.name);
    assert.equal(await commitmentsHold(v.event), v.commitmentsHold, v.name);
  }
});

test('canonical JSON sorts keys at every level, drops null members and keeps arrays in order', () => {
  assert.equal(canonical({ b: 1, a: { d: [3, { z: null, y: 'é' }], c: null } }), '{"a":{"d":[3,{"y":"é"}]},"b":1}');
});

// The event and view the browser uses must be the contract's: their signatures are read from the Solidity source.
test('the Anchored event and anchorCount() are the anchor contract\'s', () => {
  const source = readFileSync(new URL('../../../../anchor/src/main/solidity/WipeTraceAnchor.sol', import.meta.url),
    'utf8');
  const declared = source.match(/event\s+Anchored\(([^)]*)\);/);
  assert.ok(declared, 'the contract declares an Anchored event');
  const types = declared[1].split(',').map((p) => p.trim().split(/\s+/)[0]);
  assert.equal(ANCHORED_EVENT, `Anchored(${types.join(',')})`);
  assert.equal(ANCHORED_TOPIC, `0x${hex(keccak256(utf8(ANCHORED_EVENT)))}`);
  assert.match(source, /function anchorCount\(\) external view returns \(uint64\)/);
  assert.equal(ANCHOR_COUNT, 'anchorCount()');
  assert.equal(ANCHOR_COUNT_SELECTOR, `0x${hex(keccak256(utf8(ANCHOR_COUNT)).slice(0, 4))}`);
});

// ---- the rules on genuine and tampered bundles ----

const RPC = 'http://node.example/rpc';
const clone = (x) => structuredClone(x);
const base = genuine();
const check = async (bundle, chain = {}, trust = TRUST) => {
  const node = fakeNode(bundle, chain);
  const result = await verifyBundle(bundle, trust, RPC, { fetch: node.fetch });
  return { ...result, requests: node.seen };
};
const expectCode = async (bundle, code, chain, trust) => {
  const result = await check(bundle, chain, trust);
  assert.equal(result.code, code, JSON.stringify(result.checks.filter((c) => !c.ok)));
  return result;
};
const tampered = (edit) => {
  const b = clone(base);
  edit(b);
  return b;
};

test('a genuine bundle is VERIFIED in exactly two JSON-RPC batches, and its summary comes from its events',
  async () => {
    const result = await check(base);
    assert.equal(result.verdict, 'VERIFIED');
    assert.equal(result.code, null);
    assert.ok(result.checks.every((c) => c.ok));
    assert.equal(result.requests.length, 2);
    const [first, second] = result.requests;
    assert.deepEqual(first.map((c) => c.method), ['eth_chainId', 'eth_blockNumber', 'eth_getTransactionReceipt']);
    assert.deepEqual(first[2].params, [TRUST.deploymentTransaction]);
    assert.deepEqual(second.map((c) => c.method), ['eth_call', 'eth_getLogs', 'eth_getLogs']);
    // Head 200, 2 confirmations: the confirmed block is 199.
    assert.deepEqual(second[0].params, [{ to: CONTRACT, data: ANCHOR_COUNT_SELECTOR }, '0xc7']);
    assert.deepEqual(second[2].params, [{ address: CONTRACT, fromBlock: '0x6e', toBlock: '0x6e',
      topics: [ANCHORED_TOPIC, `0x${'00'.repeat(31)}01`] }]);
    assert.deepEqual(result.summary.erasures, [{ method: 'PURGE', technique: 'crypto erase', standard: 'GB/T 42015',
      result: 'ERASED', verificationMode: 'FULL', stationId: 'ST-1', algorithm: 'ECDSA_P256',
      time: '2026-03-03T10:00:00Z' }]);
    assert.equal(result.summary.state, 'SMELTED');
    assert.equal(result.summary.smelting.lotId, 'LOT-7');
    assert.equal(result.summary.destruction.method, 'SHRED');
  });

test('with finality the first batch asks for the finalized block and the count is read there', async () => {
  const trust = { ...TRUST, confirmations: 'finalized' };
  const result = await check(base, { finalized: 150 }, trust);
  assert.equal(result.verdict, 'VERIFIED');
  assert.deepEqual(result.requests[0][3].params, ['finalized', false]);
  assert.equal(result.requests[1][0].params[1], 'finalized');
  await expectCode(base, 'ANCHOR_NOT_FINAL', { finalized: 105 }, trust);
});

test('round one can start before the bundle arrives, and is not asked twice', async () => {
  const node = fakeNode(base);
  const round1 = chainRound1(pinnedTrust(TRUST), RPC, { fetch: node.fetch });
  const result = await verifyBundle(base, TRUST, RPC, { fetch: node.fetch, round1 });
  assert.equal(result.verdict, 'VERIFIED');
  assert.equal(node.seen.length, 2);
});

test('without an RPC URL the verdict is VERIFIED_OFFLINE; without a trust it is NOT_CHECKED, never trusting the bundle',
  async () => {
    const offline = await verifyBundle(base, TRUST, '');
    assert.equal(offline.verdict, 'VERIFIED_OFFLINE');
    const untrusted = await verifyBundle(base, null, RPC);
    assert.deepEqual([untrusted.verdict, untrusted.code], ['NOT_CHECKED', 'TRUST_NOT_CONFIGURED']);
    assert.equal((await verifyBundle(base, { ...TRUST, confirmations: 0 }, RPC)).code, 'TRUST_NOT_CONFIGURED');
  });

test('rule 1: malformed input of any kind is BUNDLE_MALFORMED, never an exception', async () => {
  const bad = [null, undefined, 'text', 42, [], {}, { ...clone(base), version: 1 }, { ...clone(base), version: 4 },
    { ...clone(base), format: 'x' }, tampered((b) => { delete b.anchors['1'].headsRoot; }),
    tampered((b) => { b.events[0].salt = 'zz'; }), tampered((b) => { b.heads.entries = {}; }),
    tampered((b) => { b.anchors['1'].sequence = 2; }), tampered((b) => { b.anchors['0'].evmBlock = '100'; }),
    tampered((b) => { delete b.registry; }), tampered((b) => { b.events[1].ledger = null; }),
    tampered((b) => { b.eventsNotYetAnchored = -1; }), tampered((b) => { b.events[0].path.push(7); }),
    tampered((b) => { b.heads.entries.push(clone(b.heads.entries[0])); }),
    tampered((b) => { b.events[0].path = Array(33).fill('00'.repeat(32)); })];
  for (const bundle of bad) {
    const result = await verifyBundle(bundle, TRUST, RPC, { fetch: fakeNode(base).fetch });
    assert.deepEqual([result.verdict, result.code], ['REJECTED', 'BUNDLE_MALFORMED'], JSON.stringify(bundle));
  }
});

test('random damage anywhere in a bundle gives a verdict, never an exception', async () => {
  const paths = [];
  const walk = (x, at) => {
    if (x !== null && typeof x === 'object') Object.keys(x).forEach((k) => walk(x[k], [...at, k]));
    paths.push(at);
  };
  walk(base, []);
  const values = [null, 0, -1, '', 'x', [], {}, true, 1e300, '00'.repeat(32)];
  for (let i = 0; i < 150; i++) {
    const path = paths[(i * 7919) % paths.length];
    if (path.length === 0) continue;
    const b = clone(base);
    let parent = b;
    path.slice(0, -1).forEach((k) => { parent = parent[k]; });
    parent[path[path.length - 1]] = values[i % values.length];
    const result = await verifyBundle(b, TRUST, RPC, { fetch: fakeNode(base).fetch });
    assert.ok(['VERIFIED', 'REJECTED', 'NOT_CHECKED'].includes(result.verdict), path.join('.'));
  }
});

test('rules 2 and 3: the trust\'s chain and contract, not the bundle\'s', async () => {
  await expectCode(base, 'WRONG_CHAIN', {}, { ...TRUST, chainId: 1 });
  await expectCode(base, 'WRONG_CONTRACT', {}, { ...TRUST, anchorContract: `0x${'11'.repeat(20)}` });
  await expectCode(tampered((b) => { b.anchors['0'].contractAddress = `0x${'11'.repeat(20)}`; }), 'WRONG_CONTRACT');
});

test('rules 4 and 5: anchor root and anchor hash', async () => {
  await expectCode(tampered((b) => { b.anchors['1'].headsRoot = 'ee'.repeat(32); }), 'ANCHOR_ROOT');
  await expectCode(tampered((b) => { b.anchors['1'].lastBlock = 28; }), 'ANCHOR_HASH');
});

test('rules 6, 7 and 8: each entry\'s anchor, path and ledger place', async () => {
  await expectCode(tampered((b) => { b.events[0].anchor = 9; }), 'ANCHOR_MISSING');
  await expectCode(tampered((b) => { b.events[2].event.state = 'WIPED'; }), 'EVENT_PATH');
  await expectCode(tampered((b) => { b.registry[0].path = []; }), 'EVENT_PATH');
  await expectCode(tampered((b) => { b.events[1].ledger.blockNumber = 30; }), 'EVENT_LEDGER');
  await expectCode(tampered((b) => { b.events[1].ledger.txId = 'tx-other'; }), 'EVENT_LEDGER');
});

test('rules 9, 10 and 11: the device, the order and the sequence of its events', async () => {
  await expectCode(tampered((b) => { b.deviceId = 'DEV-2'; }), 'EVENT_DEVICE');
  await expectCode(tampered((b) => { b.events = []; }), 'EVENT_DEVICE');
  await expectCode(tampered((b) => { [b.events[2], b.events[3]] = [b.events[3], b.events[2]]; }), 'EVENT_ORDER');
  // Leaving out an event keeps every proof, but not the sequence.
  await expectCode(tampered((b) => { b.events.splice(2, 1); }), 'EVENT_SEQUENCE');
});

test('rule 12: each event names the hash of the one before it', async () => {
  assert.equal(base.events[3].event.previousEventHash, await eventHash(base.events[2].event));
  // Written before events named their previous one: a version-2 bundle, or a chain that starts later, verifies.
  assert.equal((await check({ ...genuine({ chainFrom: 9 }), version: 2 })).verdict, 'VERIFIED');
  assert.equal((await check(genuine({ chainFrom: 2 }))).verdict, 'VERIFIED');
  // An event anchored other than the next event named it (every leaf and root made to match).
  await expectCode(genuine({ chained: (events) => events.map((e, i) => (i === 1 ? { ...e, state: 'WIPE_FAILED' } : e)) }),
    'EVENT_CHAIN');
  await expectCode(genuine({ chained: (events) => events.map((e, i) => (i === 0 ? { ...e, previousEventHash: 'ab'.repeat(32) }
    : e)) }), 'EVENT_CHAIN');
  await expectCode(genuine({ chained: (events) => events.map((e, i) => (i === 2 ? { ...e, previousEventHash: null } : e)) }),
    'EVENT_CHAIN');
  // Events swapped with their sequences rewritten: the first names a previous event.
  await expectCode(genuine({ chained: (events) => [{ ...events[1], sequence: 0, block: events[0].block },
    { ...events[0], sequence: 1, block: events[1].block }, ...events.slice(2)] }), 'EVENT_CHAIN');
});

test('rules 4 and 13: an anchor made before head maps proves its events, never the heads', async () => {
  assert.equal(base.anchors['0'].headsRoot, null);
  await expectCode(tampered((b) => { b.anchors['0'].merkleRoot = b.anchors['1'].eventsRoot; }), 'ANCHOR_ROOT');
  await expectCode(tampered((b) => { b.anchors['1'].headsRoot = null; }), 'ANCHOR_ROOT');
  await expectCode(tampered((b) => {
    const a = b.anchors['1'];
    a.headsRoot = null;
    a.merkleRoot = a.eventsRoot;
    a.anchorHash = anchorHash(a);
  }), 'HEAD_PATH');
});

test('rules 13 and 14: the device\'s head proves its last event', async () => {
  await expectCode(tampered((b) => { b.heads.entries = b.heads.entries.filter((h) => !h.key.startsWith('device:')); }),
    'HEAD_PATH');
  await expectCode(tampered((b) => { b.heads.anchor = 0; }), 'HEAD_PATH');
  await expectCode(tampered((b) => { b.heads.entries.find((h) => h.key === 'device:DEV-1').path[0] = 'ee'.repeat(32); }),
    'HEAD_PATH');
  // An old bundle cut short: its last events left out, the head map (genuine) still names the newest.
  const cut = tampered((b) => { b.events.pop(); });
  await expectCode(cut, 'HEAD_MISMATCH');
  // A head map that (lying) names an older event proves that head, and the bundle's last event is not it.
  await expectCode(genuine({ headOverride: (heads, placed) => {
    const older = placed.find((p) => !p.registry && p.event.sequence === 2);
    heads.set('device:DEV-1', { key: 'device:DEV-1', sequence: 2, leaf: older.leaf, count: 0 });
  } }), 'HEAD_MISMATCH');
});

test('rules 15, 16 and 17: the erasure\'s station, its head and its validity at the erasure', async () => {
  await expectCode(genuine({ registry: () => [] }), 'STATION_UNPROVEN');
  await expectCode(tampered((b) => { b.heads.entries = b.heads.entries.filter((h) => !h.key.startsWith('station:')); }),
    'STATION_HEAD');
  // The revocation is left out of the bundle: the station's head (its revocation) no longer matches.
  const revokedLater = genuine({ registry: (r, station) => [...r, { change: 'STATION_REVOKED',
    station: { ...station, status: 'REVOKED' }, txId: 'tx-rev', txTimestamp: '2026-03-09T00:00:00Z', block: 24 }] });
  assert.equal((await check(revokedLater)).verdict, 'VERIFIED');
  await expectCode({ ...clone(revokedLater), registry: clone(revokedLater).registry.slice(0, 1) }, 'STATION_HEAD');
  const revokedBefore = genuine({ registry: (r, station) => [...r, { change: 'STATION_REVOKED',
    station: { ...station, status: 'REVOKED' }, txId: 'tx-rev', txTimestamp: '2026-03-02T00:00:00Z', block: 20 }] });
  await expectCode(revokedBefore, 'STATION_NOT_VALID');
  await expectCode(genuine({ registry: (r) => [{ ...r[0], block: 24 }] }), 'STATION_NOT_VALID');
});

test('rule 18: the erasure record\'s signature under the registered key', async () => {
  const stranger = stationKey();
  await expectCode(genuine({ deviceEvents: (events) => events.map((e) => (e.type !== 'ERASURE_RECORDED' ? e
    : { ...e, details: { ...e.details, erasure: signedErasure('DEV-1', 'ST-1', stranger.privateKey) } })) }),
  'SIGNATURE_INVALID');
  await expectCode(genuine({ deviceEvents: (events, keys) => events.map((e) => (e.type !== 'ERASURE_RECORDED' ? e
    : { ...e, details: { ...e.details, erasure: { ...signedErasure('DEV-1', 'ST-1', keys.privateKey),
      result: 'NOT_ERASED' } } })) }), 'SIGNATURE_INVALID');
});

test('rules 19 to 23 on chain', async () => {
  await expectCode(base, 'WRONG_CHAIN', { chainId: 1 });
  await expectCode(base, 'TRUST_MISMATCH', { receipt: null });
  await expectCode(base, 'TRUST_MISMATCH', { receipt: { contractAddress: `0x${'11'.repeat(20)}`, status: '0x1' } });
  await expectCode(base, 'ANCHOR_NOT_ON_CHAIN', { logs: () => [] });
  await expectCode(base, 'ANCHOR_NOT_ON_CHAIN', { logs: (a, log) => (a.sequence === 1 ? [{ ...log, removed: true }]
    : [log]) });
  await expectCode(base, 'ANCHOR_NOT_ON_CHAIN', { logs: (a, log) => [{ ...log, transactionHash: `0x${'99'.repeat(32)}` }] });
  await expectCode(base, 'ANCHOR_NOT_ON_CHAIN', { logs: (a, log) => [{ ...log,
    topics: [log.topics[0], log.topics[1], `0x${'99'.repeat(32)}`] }] });
  // The anchor's block (110) is the head: one confirmation, two pinned.
  await expectCode(base, 'ANCHOR_NOT_FINAL', { head: 110 });
  // Beyond the head: no log can exist yet.
  await expectCode(base, 'ANCHOR_NOT_ON_CHAIN', { head: 105 });
  await expectCode(base, 'STALE_BUNDLE', { anchorCount: 3 });
  await expectCode(base, 'ANCHOR_NOT_FINAL', { anchorCount: 1 });
});

test('offline rules come first: a forged bundle is REJECTED even when the chain cannot be asked', async () => {
  const result = await check(tampered((b) => { b.events[2].event.state = 'WIPED'; }), { fail: true });
  assert.deepEqual([result.verdict, result.code], ['REJECTED', 'EVENT_PATH']);
});

test('a chain that cannot be asked gives NOT_CHECKED, never REJECTED', async () => {
  const notChecked = async (chain, code) => {
    const result = await check(base, chain);
    assert.deepEqual([result.verdict, result.code], ['NOT_CHECKED', code], JSON.stringify(chain));
    assert.ok(result.summary, 'what the bundle itself proves is still reported');
  };
  await notChecked({ status: 429 }, 'CHAIN_RATE_LIMITED');
  await notChecked({ error: (m) => (m === 'eth_getLogs' ? { code: -32005, message: 'limit exceeded' } : null) },
    'CHAIN_RATE_LIMITED');
  await notChecked({ error: (m) => (m === 'eth_call' ? { code: -32000, message: 'daily request limit reached' }
    : null) }, 'CHAIN_RATE_LIMITED');
  await notChecked({ fail: true }, 'CHAIN_UNREACHABLE');
  await notChecked({ status: 502 }, 'CHAIN_UNREACHABLE');
  await notChecked({ error: (m) => (m === 'eth_blockNumber' ? { code: -32000, message: 'header not found' } : null) },
    'CHAIN_UNREACHABLE');
});

test('the builder\'s trees are RFC 9162 trees', () => {
  const leaves = vectors.leaves.map((l) => createHash('sha256').update(Buffer.from(`00${l}`, 'hex')).digest());
  assert.equal(treeHash(leaves).toString('hex'), vectors.roots[leaves.length - 1]);
});

test('every canonical JSON vector of the proof module is written byte for byte, with its hash', async () => {
  const { vectors } = resource('canonical-json-vectors.json');
  assert.ok(vectors.length > 10);
  for (const v of vectors) {
    const text = canonical(JSON.parse(v.input));
    assert.equal(text, v.canonical, v.name);
    assert.equal(hex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text)))), v.sha256, v.name);
  }
});

// ---- the shared bundle vector: a bundle the gateway served, which the Java verifier is tested against too ----

test('the shared genuine bundle verifies offline and says what its events say', async () => {
  const vector = resource('bundle-vectors.json');
  const result = await verifyBundle(JSON.parse(vector.bundle), vector.trust, '');
  assert.deepEqual([result.verdict, result.code], ['VERIFIED_OFFLINE', null]);
  assert.equal(result.summary.deviceId, vector.summary.deviceId);
  assert.equal(result.summary.events, vector.summary.events);
  assert.equal(result.summary.state, vector.summary.state);
  assert.deepEqual(result.summary.erasures.map((e) => e.algorithm), [vector.summary.erasureAlgorithm]);
  assert.ok(result.summary.destruction);
});

test('each tampering of the shared bundle is refused with the code of the first rule it breaks', async () => {
  const vector = resource('bundle-vectors.json');
  assert.ok(vector.tampered.length > 5);
  for (const t of vector.tampered) {
    const bundle = JSON.parse(vector.bundle);
    const path = t.pointer.split('/').slice(1);
    const parent = path.slice(0, -1).reduce((node, key) => node[key], bundle);
    parent[path[path.length - 1]] = t.value;
    const result = await verifyBundle(bundle, vector.trust, '');
    assert.deepEqual([result.verdict, result.code], ['REJECTED', t.code], t.name);
  }
});
