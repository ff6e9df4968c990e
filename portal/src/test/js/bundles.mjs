// Genuine version-3 proof bundles for the tests, built here from a small history with node:crypto (events trees,
// head maps, anchors, signed erasure records), and a fake EVM node that answers JSON-RPC batches about them. Tests
// tamper with what this builds; nothing here is part of the portal.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const { canonical, publicForm, anchorHash, ANCHORED_TOPIC, hex } = await import(
  '../../main/resources/static/js/proof.js');

const sha = (...parts) => createHash('sha256').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest();
const u64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
const byte = (n) => Buffer.of(n);

const publicBytes = (event) => Buffer.from(canonical(publicForm(event)), 'utf8');
export const leafOf = (event, salt) => sha(byte(0), Buffer.from(salt, 'hex'), publicBytes(event));
/** Hash rule 6, with node:crypto: the previous-event hash of an event. */
export const eventHashOf = (event) => hex(sha(publicBytes(event)));

/** RFC 9162 tree head over leaf hashes. */
export function treeHash(leaves) {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(byte(1), treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** RFC 9162 inclusion path of leaf m, bottom up. */
export function treePath(m, leaves) {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k ? [...treePath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...treePath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

const bit = (k, d) => (k[d >>> 3] >>> (7 - (d & 7))) & 1;

/** The head map's root and each key's path, over heads [{key, sequence, leaf (Buffer)}]. */
export function headMap(heads) {
  const items = heads.map((h) => ({ ...h, k: sha(Buffer.from(h.key, 'utf8')) }));
  const build = (set, d) => {
    if (set.length === 0) return Buffer.alloc(32);
    if (set.length === 1) return sha(byte(3), set[0].k, u64(set[0].sequence), set[0].leaf);
    return sha(byte(4), build(set.filter((i) => !bit(i.k, d)), d + 1), build(set.filter((i) => bit(i.k, d)), d + 1));
  };
  const path = (item) => {
    const out = [];
    let set = items;
    for (let d = 0; set.length > 1; d++) {
      const side = bit(item.k, d);
      out.push(hex(build(set.filter((i) => bit(i.k, d) !== side), d + 1)));
      set = set.filter((i) => bit(i.k, d) === side);
    }
    return out;
  };
  return { root: build(items, 0), paths: new Map(items.map((i) => [i.key, path(i)])) };
}

export const CONTRACT = '0x00000000000000000000000000000000000000c0';
export const DEPLOYMENT = `0x${'de'.repeat(32)}`;
export const TRUST = { chainId: 31337, anchorContract: CONTRACT, deploymentTransaction: DEPLOYMENT, confirmations: 2 };

let saltCounter = 0;
const salt = () => createHash('sha256').update(`salt-${saltCounter++}`).digest('hex');

export const stationKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** The erasure record, signed as the chaincode checks it (canonical JSON without `signature`). */
export function signedErasure(deviceId, stationId, privateKey, change = {}) {
  const record = {
    deviceId, reportId: `R-${deviceId}`, reportSha256: 'ab'.repeat(32), method: 'PURGE', technique: 'crypto erase',
    standard: 'GB/T 42015', tool: 'wiper', toolVersion: '1.0', result: 'ERASED', verification: { mode: 'FULL', by: 'qa' },
    startedAt: '2026-03-02T09:00:00Z', endedAt: '2026-03-02T09:30:00Z', siteId: 'SITE-1', operator: '王工',
    consentReference: 'consent-1', stationId, ...change,
  };
  record.signature = sign('sha256', Buffer.from(canonical(record), 'utf8'), { key: privateKey, dsaEncoding: 'der' })
    .toString('base64');
  return record;
}

/**
 * A genuine history: station ST-1 registered, then device DEV-1 collected, wiped at ST-1, storage destroyed and
 * smelted, each event naming the hash of the one before, plus another device's events, in two anchors: 0, made before
 * head maps (its root is its events root), and 1; heads under anchor 1. `change` edits the plan before the hashes are
 * computed: {deviceEvents(events), chainFrom (the first event that names its previous one, 1 unless given),
 * chained(events) (after the chain is made), registry(entries), headOverride}.
 */
export function genuine(change = {}) {
  const keys = change.keys || stationKey();
  const deviceId = 'DEV-1';
  const stationPublicKey = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const device = (sequence, type, state, details, block) => ({
    actorMspId: 'ProcessorOrgMSP', custodianMspId: 'ProcessorOrgMSP', details, deviceId,
    eventId: `tx-${deviceId}-${sequence}:0`, sequence, siteId: 'SITE-1', state, txId: `tx-${deviceId}-${sequence}`,
    txTimestamp: `2026-03-0${2 + sequence}T10:00:00Z`, type, block,
  });
  let events = [
    device(0, 'COLLECTED', 'COLLECTED', { make: 'Huawei', model: 'P40', storageGb: 256 }, 11),
    device(1, 'ERASURE_RECORDED', 'WIPED', { erasure: signedErasure(deviceId, 'ST-1', keys.privateKey),
      stationAlgorithm: 'ECDSA_P256' }, 21),
    device(2, 'STORAGE_DESTROYED', 'STORAGE_DESTROYED', { evidenceSha256: 'cd'.repeat(32), method: 'SHRED' }, 22),
    device(3, 'SMELTED', 'SMELTED', { inputCount: 2, inputWeightGrams: 400, lotId: 'LOT-7', outputWeightGrams: 90 }, 23),
  ];
  if (change.deviceEvents) events = change.deviceEvents(events, keys);
  events = events.map((e) => ({ ...e }));
  const withoutBlock = ({ block, ...event }) => event;
  for (let i = change.chainFrom ?? 1; i < events.length; i++) {
    events[i].previousEventHash = eventHashOf(withoutBlock(events[i - 1]));
  }
  if (change.chained) events = change.chained(events);
  const station = { algorithm: 'ECDSA_P256', mspId: 'ProcessorOrgMSP', publicKey: stationPublicKey,
    registeredAt: '2026-03-01T00:00:00Z', siteId: 'SITE-1', stationId: 'ST-1', status: 'ACTIVE' };
  let registry = [{ change: 'STATION_REGISTERED', station, txId: 'tx-reg-ST-1', txTimestamp: '2026-03-01T00:00:00Z',
    block: 10 }];
  if (change.registry) registry = change.registry(registry, station);
  const other = { deviceId: 'DEV-2', sequence: 0, type: 'COLLECTED', state: 'COLLECTED', txId: 'tx-DEV-2-0', block: 12,
    details: {} };
  // Ledger order: by block; each entry's window is anchor 0 for blocks 10-19, anchor 1 for blocks 20-29.
  const all = [...registry.map((e) => ({ e, registry: true })), ...events.map((e) => ({ e })), { e: other }]
    .sort((x, y) => x.e.block - y.e.block);
  const windows = [{ first: 10, last: 19 }, { first: 20, last: 29 }];
  const placed = all.map((item) => {
    const { block, ...event } = item.e;
    const s = salt();
    return { ...item, event, block, salt: s, leaf: leafOf(event, s), anchor: block >= 20 ? 1 : 0 };
  });
  windows.forEach((w, a) => {
    w.entries = placed.filter((p) => p.anchor === a);
    w.entries.forEach((p, i) => { p.leafIndex = i; });
  });
  // Heads: every key's newest event up to anchor 1 (all history here).
  const newest = new Map();
  for (const p of placed) {
    const key = p.registry ? `station:${p.event.station.stationId}` : `device:${p.event.deviceId}`;
    const count = newest.has(key) ? newest.get(key).count + 1 : 0;
    newest.set(key, { key, sequence: p.registry ? count : p.event.sequence, leaf: p.leaf, count });
  }
  if (change.headOverride) change.headOverride(newest, placed);
  const heads = headMap([...newest.values()]);
  const anchors = {};
  let previous = '00'.repeat(32);
  windows.forEach((w, a) => {
    const leaves = w.entries.map((p) => p.leaf);
    const eventsRoot = hex(treeHash(leaves));
    const headsRoot = a === 1 ? hex(heads.root) : null;
    const anchor = {
      sequence: a, chainId: 31337, contractAddress: CONTRACT, evmTransaction: `0x${String(a + 1).repeat(64)}`,
      evmBlock: 100 + 10 * a, eventsRoot, headsRoot,
      merkleRoot: headsRoot === null ? eventsRoot
        : hex(sha(byte(2), Buffer.from(eventsRoot, 'hex'), Buffer.from(headsRoot, 'hex'))),
      firstBlock: w.first, lastBlock: w.last, eventCount: leaves.length, lastBlockHash: String(a + 7).repeat(64),
      previousAnchor: previous, fabricTxId: `anchor-tx-${a}`,
    };
    anchor.anchorHash = anchorHash(anchor);
    previous = anchor.anchorHash;
    anchors[String(a)] = anchor;
    w.entries.forEach((p) => { p.path = treePath(p.leafIndex, leaves).map(hex); });
  });
  const entry = (p) => ({ event: p.event, salt: p.salt, anchor: p.anchor, leafIndex: p.leafIndex, path: p.path,
    ledger: { txId: p.event.txId, blockNumber: p.block } });
  return {
    format: 'wipetrace-proof-bundle', version: 3, deviceId, channel: 'wipetrace',
    events: placed.filter((p) => !p.registry && p.event.deviceId === deviceId).map(entry),
    registry: placed.filter((p) => p.registry).map(entry),
    anchors,
    heads: { anchor: 1, entries: [...newest.values()].filter((h) => h.key !== 'device:DEV-2').map((h) => ({
      key: h.key, sequence: h.sequence, leaf: hex(h.leaf), path: heads.paths.get(h.key) })) },
    eventsNotYetAnchored: 0,
  };
}

const word = (n) => `0x${BigInt(n).toString(16).padStart(64, '0')}`;

/**
 * A fake EVM node behind `fetch`: it holds the bundle's anchors' logs and answers batches; `seen` records each
 * request's parsed body. `chain` edits: {chainId, head, finalized, receipt, anchorCount, logs(anchor) → [log],
 * status (HTTP), error(method) → a JSON-RPC error, fail (throw)}.
 */
export function fakeNode(bundle, chain = {}) {
  const seen = [];
  const anchors = Object.values(bundle.anchors);
  const logOf = (a) => ({ address: CONTRACT, blockNumber: `0x${a.evmBlock.toString(16)}`, transactionHash: a.evmTransaction,
    removed: false, topics: [ANCHORED_TOPIC, word(a.sequence), `0x${a.anchorHash}`] });
  const answer = (method, params) => {
    if (chain.error && chain.error(method)) return { error: chain.error(method) };
    switch (method) {
      case 'eth_chainId': return { result: `0x${(chain.chainId ?? 31337).toString(16)}` };
      case 'eth_blockNumber': return { result: `0x${(chain.head ?? 200).toString(16)}` };
      case 'eth_getTransactionReceipt':
        return { result: 'receipt' in chain ? chain.receipt : { contractAddress: CONTRACT, status: '0x1' } };
      case 'eth_getBlockByNumber': return { result: { number: `0x${(chain.finalized ?? 150).toString(16)}` } };
      case 'eth_call': return { result: word(chain.anchorCount ?? anchors.length) };
      case 'eth_getLogs': {
        const block = parseInt(params[0].fromBlock, 16);
        const a = anchors.find((x) => x.evmBlock === block && word(x.sequence) === params[0].topics[1]);
        return { result: a ? (chain.logs ? chain.logs(a, logOf(a)) : [logOf(a)]) : [] };
      }
      default: return { error: { code: -32601, message: 'no such method' } };
    }
  };
  const fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    seen.push(body);
    if (chain.fail) throw new TypeError('Failed to fetch');
    const status = chain.status ?? 200;
    return {
      status, ok: status >= 200 && status < 300,
      json: async () => body.map((call) => ({ jsonrpc: '2.0', id: call.id, ...answer(call.method, call.params) })),
    };
  };
  return { fetch, seen };
}
