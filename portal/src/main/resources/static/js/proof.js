// Versions 3 and 2 of the proof bundle (docs/proof-bundle.md), checked in the browser: rules 1-23 in the specification's
// order, the first that fails giving the code. The alliance's pinned trust (chain, contract, deployment transaction,
// confirmations) comes from the caller, never from the bundle; the chain is asked in two JSON-RPC batches.
// Nothing here touches the page, and no input makes verifyBundle throw.

import { keccak256 } from './keccak.js';
import { derSignature, join as concat, sm2Verify } from './sm2.js';

const encoder = new TextEncoder();

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function unhex(text) {
  const clean = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${text}`);
  return Uint8Array.from(clean.match(/../g) || [], (pair) => parseInt(pair, 16));
}

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/**
 * Canonical JSON: keys sorted at every level (UTF-16 order, as Java's String), no whitespace, null members dropped,
 * strings escaped as the ledger's Jackson writes them (see jsonString). The shared vectors are
 * proof/src/test/resources/canonical-json-vectors.json.
 */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort()
      .filter((k) => value[k] !== null && value[k] !== undefined)
      .map((k) => `${jsonString(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return typeof value === 'string' ? jsonString(value) : JSON.stringify(value);
}

const SHORT_ESCAPES = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };
const unicodeEscape = (unit) => `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A JSON string as Jackson writes it: quote, backslash and \b \t \n \f \r escaped short, other control characters
 * as upper-case \u00XX, UTF-16 code units outside the Basic Multilingual Plane (surrogates) as upper-case \uXXXX
 * each, everything else raw. JSON.stringify differs in the last two (lower-case hex, raw astral characters).
 */
function jsonString(text) {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (SHORT_ESCAPES[unit]) out += SHORT_ESCAPES[unit];
    else if (unit < 0x20 || (unit >= 0xd800 && unit <= 0xdfff)) out += unicodeEscape(unit);
    else out += text[i];
  }
  return `${out}"`;
}

const COMMITMENT_MEMBERS = ['salt', 'sha256', 'text'];

/** A text commitment: an object whose members are exactly sha256, salt and text. */
const isCommitment = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)
  && Object.keys(value).sort().join() === COMMITMENT_MEMBERS.join();

/** An event's public form: a copy with every text commitment reduced to {sha256}. */
export function publicForm(value) {
  if (Array.isArray(value)) return value.map(publicForm);
  if (value === null || typeof value !== 'object') return value;
  if (isCommitment(value)) return { sha256: value.sha256 };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, publicForm(v)]));
}

/** Whether every text commitment in a value holds: sha256 = SHA-256(salt's 32 bytes || UTF-8 text), hex. */
export async function commitmentsHold(value) {
  if (isCommitment(value)) {
    if (typeof value.salt !== 'string' || !/^[0-9a-fA-F]{64}$/.test(value.salt) || typeof value.text !== 'string'
      || typeof value.sha256 !== 'string') return false;
    return hex(await sha256(concat(unhex(value.salt), encoder.encode(value.text)))) === value.sha256;
  }
  if (value === null || typeof value !== 'object') return true;
  for (const child of Object.values(value)) {
    if (!(await commitmentsHold(child))) return false;
  }
  return true;
}

/** Hash rule 6: the previous-event hash, SHA-256 of the canonical JSON of the event's public form, hex. */
export async function eventHash(event) {
  return hex(await sha256(encoder.encode(canonical(publicForm(event)))));
}

/** Hash rule 1: SHA-256(0x00 || salt || canonical(public form of the event)). */
export async function leafHash(event, saltHex) {
  const salt = unhex(saltHex);
  if (salt.length !== 32) throw new Error('a salt is 32 bytes');
  return sha256(concat(Uint8Array.of(0), salt, encoder.encode(canonical(publicForm(event)))));
}

/** Hash rule 2: the RFC 9162 (2.1.3.2) inclusion proof of leaf `index` in a tree of `size` leaves, ending at `root`. */
export async function inclusionHolds(leaf, index, size, path, rootHex) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path.map(unhex)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat(Uint8Array.of(1), p, r));
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(concat(Uint8Array.of(1), r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hex(r) === rootHex.toLowerCase();
}

const u64 = (n) => {
  const out = new Uint8Array(8);
  let v = BigInt(n);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};
const word = (n) => concat(new Uint8Array(24), u64(n));

/**
 * Hash rule 3: whether the head (key, sequence, leaf) with its sibling path (top down) leads to the head map's root.
 * The directions come from the bits of SHA-256(key).
 */
export async function headHolds(key, sequence, leaf, path, rootHex) {
  if (path.length > 256) return false;
  const k = await sha256(encoder.encode(key));
  let node = await sha256(concat(Uint8Array.of(3), k, u64(sequence), leaf));
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const sibling = unhex(path[depth]);
    if (sibling.length !== 32) return false;
    const right = (k[depth >>> 3] >>> (7 - (depth & 7))) & 1;
    node = await sha256(right ? concat(Uint8Array.of(4), sibling, node) : concat(Uint8Array.of(4), node, sibling));
  }
  return hex(node) === rootHex.toLowerCase();
}

/** Hash rule 4: SHA-256(0x02 || eventsRoot || headsRoot), hex. */
export async function anchorRoot(eventsRootHex, headsRootHex) {
  return hex(await sha256(concat(Uint8Array.of(2), unhex(eventsRootHex), unhex(headsRootHex))));
}

/** Hash rule 5: keccak256(abi.encode(merkleRoot, firstBlock, lastBlock, eventCount, lastBlockHash, previousAnchor)). */
export function anchorHash(anchor) {
  return hex(keccak256(concat(unhex(anchor.merkleRoot), word(anchor.firstBlock), word(anchor.lastBlock),
    word(anchor.eventCount), unhex(anchor.lastBlockHash), unhex(anchor.previousAnchor))));
}

const base64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const fixed32 = (n) => unhex(n.toString(16).padStart(64, '0'));

/**
 * Whether `signatureBase64` signs `payload` under the station key (base64 X.509 SubjectPublicKeyInfo) with the
 * station's algorithm: ECDSA_P256 (SHA-256, DER r,s) and ED25519 with WebCrypto, SM2 (SM3, default user ID) with sm2.js.
 */
export async function signatureValid(algorithm, publicKeyBase64, payload, signatureBase64) {
  try {
    const spki = base64(publicKeyBase64);
    const signature = base64(signatureBase64);
    if (algorithm === 'SM2') return sm2Verify(spki, payload, signature);
    if (algorithm === 'ECDSA_P256') {
      const { r, s } = derSignature(signature);
      if (r >= 1n << 256n || s >= 1n << 256n) return false;
      const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, concat(fixed32(r), fixed32(s)), payload);
    }
    if (algorithm === 'ED25519') {
      const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
      return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, payload);
    }
  } catch (malformed) {
    return false;
  }
  return false;
}

/** The anchor contract's event and view, as WipeTraceAnchor.sol declares them. */
export const ANCHORED_EVENT = 'Anchored(uint64,bytes32)';
export const ANCHORED_TOPIC = `0x${hex(keccak256(encoder.encode(ANCHORED_EVENT)))}`;
export const ANCHOR_COUNT = 'anchorCount()';
export const ANCHOR_COUNT_SELECTOR = `0x${hex(keccak256(encoder.encode(ANCHOR_COUNT)).slice(0, 4))}`;

// ---- the pinned trust ----

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const natural = (x) => Number.isSafeInteger(x) && x >= 0;
const isHex64 = (x) => typeof x === 'string' && /^[0-9a-fA-F]{64}$/.test(x);
const isTxHash = (x) => typeof x === 'string' && /^0x[0-9a-fA-F]{64}$/.test(x);

/**
 * The four values a verifier pins, from a trust file's JSON (or the portal's rendering of it): {chainId,
 * anchorContract (lower case), deploymentTransaction (lower case), confirmations (a positive integer or
 * 'finalized')}, or null if they are missing or mistyped.
 */
export function pinnedTrust(value) {
  if (!isObject(value)) return null;
  const { chainId, anchorContract, deploymentTransaction, confirmations } = value;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) return null;
  if (typeof anchorContract !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(anchorContract)) return null;
  if (!isTxHash(deploymentTransaction)) return null;
  if (confirmations !== 'finalized' && !(Number.isSafeInteger(confirmations) && confirmations > 0)) return null;
  return {
    chainId, anchorContract: anchorContract.toLowerCase(), deploymentTransaction: deploymentTransaction.toLowerCase(),
    confirmations,
  };
}

// ---- JSON-RPC ----

/** The chain could not be asked: `code` is CHAIN_UNREACHABLE or CHAIN_RATE_LIMITED. */
class ChainUnavailable extends Error {
  constructor(code, detail) {
    super(detail);
    this.code = code;
  }
}

const LIMIT_MESSAGE = /rate.?limit|too many requests|limit exceeded|exceeds? .*limit|request limit|capacity/i;
const limited = (error) => isObject(error)
  && (error.code === -32005 || error.code === 429 || LIMIT_MESSAGE.test(String(error.message)));

/**
 * One JSON-RPC batch (a JSON array body): [[method, params], ...] in, the results in the same order out. Throws
 * ChainUnavailable: CHAIN_RATE_LIMITED for HTTP 429 or a limit error, CHAIN_UNREACHABLE for anything else that keeps
 * an answer from arriving whole.
 */
export async function rpcBatch(url, calls, fetchFunction = globalThis.fetch) {
  const body = calls.map(([method, params], i) => ({ jsonrpc: '2.0', id: i + 1, method, params }));
  let answer;
  try {
    const response = await fetchFunction(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (response.status === 429) throw new ChainUnavailable('CHAIN_RATE_LIMITED', 'HTTP 429');
    if (!response.ok) throw new ChainUnavailable('CHAIN_UNREACHABLE', `HTTP ${response.status}`);
    answer = await response.json();
  } catch (e) {
    if (e instanceof ChainUnavailable) throw e;
    throw new ChainUnavailable('CHAIN_UNREACHABLE', String(e && e.message));
  }
  if (!Array.isArray(answer)) {
    throw new ChainUnavailable(limited(answer && answer.error) ? 'CHAIN_RATE_LIMITED' : 'CHAIN_UNREACHABLE',
      'the node did not answer the batch');
  }
  const byId = new Map(answer.filter(isObject).map((a) => [a.id, a]));
  return body.map(({ id, method }) => {
    const one = byId.get(id);
    if (!one) throw new ChainUnavailable('CHAIN_UNREACHABLE', `no answer to ${method}`);
    if (one.error !== undefined && one.error !== null) {
      throw new ChainUnavailable(limited(one.error) ? 'CHAIN_RATE_LIMITED' : 'CHAIN_UNREACHABLE',
        `${method}: ${isObject(one.error) ? one.error.message : one.error}`);
    }
    return one.result;
  });
}

const quantity = (value) => {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]+$/.test(value)) {
    throw new ChainUnavailable('CHAIN_UNREACHABLE', `not a quantity: ${value}`);
  }
  return BigInt(value);
};
const toQuantity = (n) => `0x${BigInt(n).toString(16)}`;

/**
 * The first batch, which needs only the trust: chain ID, head block, the deployment transaction's receipt and, for
 * 'finalized', the finalized block. Never rejects: it resolves to {results} or {unavailable: code}. Start it early
 * (e.g. with the bundle's download) and pass it to verifyBundle as options.round1.
 */
export function chainRound1(trust, rpcUrl, options = {}) {
  const calls = [['eth_chainId', []], ['eth_blockNumber', []],
    ['eth_getTransactionReceipt', [trust.deploymentTransaction]]];
  if (trust.confirmations === 'finalized') calls.push(['eth_getBlockByNumber', ['finalized', false]]);
  return rpcBatch(rpcUrl, calls, options.fetch).then((results) => ({ results }),
    (e) => ({ unavailable: e instanceof ChainUnavailable ? e.code : 'CHAIN_UNREACHABLE' }));
}

// ---- the rules ----

/** The first rule that failed. */
class Rejection extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

// Rule 1's limits, as the Java verifier's: entries of a list, siblings of an events path and of a head path.
const MAX_ENTRIES = 100000;
const MAX_EVENT_PATH = 32;
const MAX_HEAD_PATH = 256;
const list = (value) => Array.isArray(value) && value.length <= MAX_ENTRIES;

function wellFormedEntry(entry) {
  return isObject(entry) && isObject(entry.event) && isHex64(entry.salt) && natural(entry.anchor)
    && natural(entry.leafIndex) && Array.isArray(entry.path) && entry.path.length <= MAX_EVENT_PATH
    && entry.path.every(isHex64)
    && isObject(entry.ledger) && typeof entry.ledger.txId === 'string' && natural(entry.ledger.blockNumber);
}

function wellFormedAnchor([key, a]) {
  return isObject(a) && natural(a.sequence) && String(a.sequence) === key && natural(a.chainId)
    && typeof a.contractAddress === 'string' && isTxHash(a.evmTransaction) && natural(a.evmBlock)
    && ['eventsRoot', 'merkleRoot', 'lastBlockHash', 'previousAnchor', 'anchorHash'].every((f) => isHex64(a[f]))
    && (a.headsRoot === null || isHex64(a.headsRoot))
    && natural(a.firstBlock) && natural(a.lastBlock) && natural(a.eventCount) && a.eventCount <= 0xffffffff
    && (a.fabricTxId === undefined || a.fabricTxId === null || typeof a.fabricTxId === 'string');
}

const wellFormedHead = (h) => isObject(h) && typeof h.key === 'string' && natural(h.sequence) && isHex64(h.leaf)
  && Array.isArray(h.path) && h.path.length <= MAX_HEAD_PATH && h.path.every(isHex64);

/** Rule 1. */
function wellFormed(b) {
  return isObject(b) && b.format === 'wipetrace-proof-bundle' && (b.version === 3 || b.version === 2)
    && typeof b.deviceId === 'string' && b.deviceId !== '' && typeof b.channel === 'string'
    && list(b.events) && b.events.every(wellFormedEntry)
    && list(b.registry) && b.registry.every(wellFormedEntry)
    && isObject(b.anchors) && Object.keys(b.anchors).length <= MAX_ENTRIES
    && Object.entries(b.anchors).every(wellFormedAnchor)
    && isObject(b.heads) && natural(b.heads.anchor) && list(b.heads.entries)
    && b.heads.entries.every(wellFormedHead)
    && new Set(b.heads.entries.map((h) => h.key)).size === b.heads.entries.length
    && (b.eventsNotYetAnchored === undefined || natural(b.eventsNotYetAnchored));
}

const before = (x, y) => x.anchor < y.anchor || (x.anchor === y.anchor && x.leafIndex < y.leafIndex);
const increasing = (entries) => entries.every((e, i) => i === 0 || before(entries[i - 1], e));
const stationOf = (entry) => (isObject(entry.event.station) ? entry.event.station.stationId : undefined);
const erasureOf = (entry) => (isObject(entry.event.details) && isObject(entry.event.details.erasure)
  ? entry.event.details.erasure : {});

const namesPrevious = (entry) => entry.event.previousEventHash !== undefined && entry.event.previousEventHash !== null;

/** Rule 12: each event that names a previous event names the one before it; once one does, every later one does. */
async function chainHolds(events) {
  for (let i = 0; i < events.length; i++) {
    if (i === 0) {
      if (namesPrevious(events[0])) return false;
    } else if (namesPrevious(events[i])) {
      if (events[i].event.previousEventHash !== await eventHash(events[i - 1].event)) return false;
    } else if (i > 1 && namesPrevious(events[i - 1])) {
      return false;
    }
  }
  return true;
}

/** Rules 1-18: everything the bundle and the trust decide alone. Returns what the chain rules and the summary need. */
async function offlineRules(bundle, trust, rule) {
  rule(wellFormed(bundle), 'BUNDLE_MALFORMED', 'check.format', [isObject(bundle) ? bundle.version : '']);
  const anchors = Object.values(bundle.anchors).sort((x, y) => x.sequence - y.sequence);
  if (trust) {
    rule(anchors.every((a) => a.chainId === trust.chainId), 'WRONG_CHAIN', 'check.chainId', [trust.chainId]);
    rule(anchors.every((a) => a.contractAddress.toLowerCase() === trust.anchorContract), 'WRONG_CONTRACT',
      'check.contract', [trust.anchorContract]);
  }
  let rootsHold = true;
  for (const a of anchors) {
    // An anchor made before the head map (version 1) anchored its events root alone.
    const root = a.headsRoot === null ? a.eventsRoot.toLowerCase() : await anchorRoot(a.eventsRoot, a.headsRoot);
    if (root !== a.merkleRoot.toLowerCase()) rootsHold = false;
  }
  rule(rootsHold, 'ANCHOR_ROOT', 'check.anchorRoot', [anchors.length]);
  rule(anchors.every((a) => anchorHash(a) === a.anchorHash.toLowerCase()), 'ANCHOR_HASH', 'check.anchorHash',
    [anchors.length]);
  const entries = [...bundle.events, ...bundle.registry];
  const anchorOf = (entry) => bundle.anchors[String(entry.anchor)];
  rule(entries.every((e) => Object.hasOwn(bundle.anchors, String(e.anchor))), 'ANCHOR_MISSING', 'check.anchors');
  const leaves = new Map();
  let pathsHold = true;
  for (const e of entries) {
    const leaf = await leafHash(e.event, e.salt);
    leaves.set(e, leaf);
    const a = anchorOf(e);
    if (!(await commitmentsHold(e.event))) pathsHold = false;
    if (!(await inclusionHolds(leaf, e.leafIndex, a.eventCount, e.path, a.eventsRoot))) pathsHold = false;
  }
  rule(pathsHold, 'EVENT_PATH', 'check.path', [bundle.events.length, bundle.registry.length]);
  rule(entries.every((e) => e.ledger.blockNumber >= anchorOf(e).firstBlock && e.ledger.blockNumber <= anchorOf(e).lastBlock
    && e.ledger.txId === e.event.txId), 'EVENT_LEDGER', 'check.ledger');
  const { events, registry, deviceId } = bundle;
  rule(events.length > 0 && events.every((e) => e.event.deviceId === deviceId), 'EVENT_DEVICE', 'check.device',
    [deviceId]);
  rule(increasing(events) && increasing(registry), 'EVENT_ORDER', 'check.order');
  rule(events.every((e, i) => e.event.sequence === i), 'EVENT_SEQUENCE', 'check.sequence', [events.length]);
  rule(await chainHolds(events), 'EVENT_CHAIN', 'check.eventChain', [events.filter(namesPrevious).length]);

  const headsAnchor = bundle.anchors[String(bundle.heads.anchor)];
  const headOf = (key) => bundle.heads.entries.find((h) => h.key === key);
  const headProven = async (head) => Boolean(headsAnchor && headsAnchor.headsRoot !== null && head)
    && headHolds(head.key, head.sequence, unhex(head.leaf), head.path, headsAnchor.headsRoot);
  const deviceHead = headOf(`device:${deviceId}`);
  rule(await headProven(deviceHead), 'HEAD_PATH', 'check.headPath', [bundle.heads.anchor]);
  const last = events[events.length - 1];
  rule(deviceHead.sequence === last.event.sequence && deviceHead.leaf.toLowerCase() === hex(leaves.get(last)),
    'HEAD_MISMATCH', 'check.head');

  const erasures = events.filter((e) => e.event.type === 'ERASURE_RECORDED');
  const registration = (id) => registry.find((r) => r.event.change === 'STATION_REGISTERED' && stationOf(r) === id);
  const stationIds = [...new Set(erasures.map((e) => erasureOf(e).stationId))];
  rule(stationIds.every((id) => typeof id === 'string' && registration(id)), 'STATION_UNPROVEN', 'check.station',
    [stationIds.length]);
  const history = new Map(stationIds.map((id) => [id, registry.filter((r) => stationOf(r) === id)]));
  let stationHeadsHold = true;
  for (const [id, own] of history) {
    const head = headOf(`station:${id}`);
    const newest = own[own.length - 1];
    const shape = own.map((r) => r.event.change).join();
    if (!(await headProven(head)) || head.sequence !== own.length - 1
      || head.leaf.toLowerCase() !== hex(leaves.get(newest))
      || (shape !== 'STATION_REGISTERED' && shape !== 'STATION_REGISTERED,STATION_REVOKED')) stationHeadsHold = false;
  }
  rule(stationHeadsHold, 'STATION_HEAD', 'check.stationHead', [stationIds.length]);
  rule(erasures.every((e) => {
    const own = history.get(erasureOf(e).stationId);
    return before(own[0], e) && (own.length === 1 || before(e, own[1]));
  }), 'STATION_NOT_VALID', 'check.stationValid');
  let signaturesHold = true;
  const algorithms = new Set();
  for (const e of erasures) {
    const record = erasureOf(e);
    const station = registration(record.stationId).event.station;
    const unsigned = { ...record };
    delete unsigned.signature;
    algorithms.add(station.algorithm);
    if (typeof record.signature !== 'string' || !(await signatureValid(station.algorithm, station.publicKey,
      encoder.encode(canonical(unsigned)), record.signature))) signaturesHold = false;
  }
  rule(signaturesHold, 'SIGNATURE_INVALID', erasures.length ? 'check.signature' : 'check.signature.none',
    [[...algorithms].join(', ')]);
  return { anchors, erasures, registration };
}

/** Rules 19-23, from the two batches. */
async function chainRules(bundle, anchors, trust, rpcUrl, round1, rule, options) {
  const first = await round1;
  if (first.unavailable) throw new ChainUnavailable(first.unavailable);
  const [chainId, blockNumber, receipt, finalized] = first.results;
  rule(quantity(chainId) === BigInt(trust.chainId), 'WRONG_CHAIN', 'check.chain.id', [trust.chainId]);
  rule(isObject(receipt) && typeof receipt.contractAddress === 'string'
    && receipt.contractAddress.toLowerCase() === trust.anchorContract
    && (receipt.status === undefined || receipt.status === '0x1'), 'TRUST_MISMATCH', 'check.chain.deployment',
  [trust.anchorContract]);
  const head = quantity(blockNumber);
  let confirmed;
  if (trust.confirmations === 'finalized') {
    if (!isObject(finalized)) throw new ChainUnavailable('CHAIN_UNREACHABLE', 'no finalized block');
    confirmed = quantity(finalized.number);
  } else {
    confirmed = head - BigInt(trust.confirmations) + 1n;
  }
  const callBlock = trust.confirmations === 'finalized' ? 'finalized' : toQuantity(confirmed < 0n ? 0n : confirmed);
  // Anchors above the head cannot have a log yet; they are not asked about.
  const asked = anchors.filter((a) => BigInt(a.evmBlock) <= head);
  const calls = [['eth_call', [{ to: trust.anchorContract, data: ANCHOR_COUNT_SELECTOR }, callBlock]],
    ...asked.map((a) => ['eth_getLogs', [{
      address: trust.anchorContract, topics: [ANCHORED_TOPIC, `0x${hex(word(a.sequence))}`],
      fromBlock: toQuantity(a.evmBlock), toBlock: toQuantity(a.evmBlock),
    }]])];
  const [count, ...logs] = await rpcBatch(rpcUrl, calls, options.fetch);
  const logsOf = new Map(asked.map((a, i) => [a, logs[i]]));
  const emitted = (a) => (Array.isArray(logsOf.get(a)) ? logsOf.get(a) : []).some((log) => isObject(log)
    && !log.removed && String(log.address).toLowerCase() === trust.anchorContract
    && String(log.transactionHash).toLowerCase() === a.evmTransaction.toLowerCase()
    && Array.isArray(log.topics) && log.topics.length === 3
    && String(log.topics[0]).toLowerCase() === ANCHORED_TOPIC
    && String(log.topics[1]).toLowerCase() === `0x${hex(word(a.sequence))}`
    && String(log.topics[2]).toLowerCase() === `0x${a.anchorHash.toLowerCase()}`
    && (log.blockNumber === undefined || quantity(log.blockNumber) === BigInt(a.evmBlock)));
  rule(anchors.every(emitted), 'ANCHOR_NOT_ON_CHAIN', 'check.chain.anchored', [anchors.length, trust.chainId]);
  // Rule 22, and rule 23's other side: a heads anchor beyond the contract's count at the confirmed block is not final.
  const latest = (count === '0x' ? 0n : quantity(count)) - 1n;
  const claimed = BigInt(bundle.heads.anchor);
  rule(anchors.every((a) => BigInt(a.evmBlock) <= confirmed) && claimed <= latest, 'ANCHOR_NOT_FINAL',
    'check.chain.final', [trust.confirmations]);
  rule(claimed >= latest, 'STALE_BUNDLE', 'check.chain.latest', [bundle.heads.anchor]);
}

/** What the checked events say: the state after the last, each erasure, destruction, smelting. */
function summarise(bundle, erasures, registration) {
  const events = bundle.events.map((e) => e.event);
  const last = events[events.length - 1];
  const destroyed = events.filter((e) => e.type === 'STORAGE_DESTROYED').pop();
  const smelted = events.filter((e) => e.type === 'SMELTED').pop();
  const details = (e) => (isObject(e.details) ? e.details : {});
  return {
    deviceId: bundle.deviceId,
    state: last.state,
    events: events.length,
    erasures: erasures.map((entry) => {
      const r = erasureOf(entry);
      return {
        method: r.method, technique: r.technique, standard: r.standard, result: r.result,
        verificationMode: isObject(r.verification) ? r.verification.mode : undefined, stationId: r.stationId,
        algorithm: registration(r.stationId).event.station.algorithm, time: entry.event.txTimestamp,
      };
    }),
    destruction: destroyed ? { method: details(destroyed).method, time: destroyed.txTimestamp } : null,
    smelting: smelted ? { lotId: details(smelted).lotId, time: smelted.txTimestamp } : null,
    eventsNotYetAnchored: bundle.eventsNotYetAnchored || 0,
  };
}

/**
 * Checks a parsed bundle against the pinned trust ({chainId, anchorContract, deploymentTransaction, confirmations})
 * and, with an EVM JSON-RPC URL, the chain. Returns {verdict: 'VERIFIED' | 'VERIFIED_OFFLINE' | 'REJECTED' |
 * 'NOT_CHECKED', code, checks: [{key, ok, args}], summary}: code is the first failing rule's, CHAIN_UNREACHABLE or
 * CHAIN_RATE_LIMITED (NOT_CHECKED), TRUST_NOT_CONFIGURED (NOT_CHECKED: no usable trust, so nothing is public), or
 * null. summary (null when REJECTED) comes from the checked events only. options: {fetch, round1 (chainRound1's
 * promise, started early)}.
 */
export async function verifyBundle(bundle, trust, rpcUrl, options = {}) {
  const checks = [];
  const rule = (ok, code, key, args = []) => {
    checks.push({ key, ok: Boolean(ok), args });
    if (!ok) throw new Rejection(code);
  };
  const pinned = pinnedTrust(trust);
  const chain = pinned && rpcUrl ? options.round1 || chainRound1(pinned, rpcUrl, options) : null;
  const done = (verdict, code, summary = null) => ({ verdict, code, checks, summary });
  let offline;
  try {
    offline = await offlineRules(bundle, pinned, rule);
  } catch (e) {
    return done('REJECTED', e instanceof Rejection ? e.code : 'BUNDLE_MALFORMED');
  }
  const summary = summarise(bundle, offline.erasures, offline.registration);
  if (!pinned) return done('NOT_CHECKED', 'TRUST_NOT_CONFIGURED', summary);
  if (!chain) return done('VERIFIED_OFFLINE', null, summary);
  try {
    await chainRules(bundle, offline.anchors, pinned, rpcUrl, chain, rule, options);
  } catch (e) {
    if (e instanceof Rejection) return done('REJECTED', e.code);
    return done('NOT_CHECKED', e instanceof ChainUnavailable ? e.code : 'CHAIN_UNREACHABLE', summary);
  }
  return done('VERIFIED', null, summary);
}
