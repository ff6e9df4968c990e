// The proof-bundle rules of docs/proof-bundle.md, in the browser: leaves, RFC 9162 inclusion proofs, anchor hashes,
// the wiping station's signature (WebCrypto) and, given an EVM JSON-RPC URL, the Anchored event on chain.
// Each check returns {ok, ...}; nothing here touches the page.

import { keccak256 } from './keccak.js';

const encoder = new TextEncoder();

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function unhex(text) {
  const clean = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${text}`);
  return Uint8Array.from(clean.match(/../g) || [], (pair) => parseInt(pair, 16));
}

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** Canonical JSON: keys sorted at every level, no whitespace, null members dropped (as the verifier writes it). */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort()
      .filter((k) => value[k] !== null && value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Rule 2: SHA-256(0x00 || salt || canonical(event)). */
export async function leafHash(event, saltHex) {
  const salt = unhex(saltHex);
  if (salt.length !== 32) throw new Error('a salt is 32 bytes');
  return sha256(concat(Uint8Array.of(0), salt, encoder.encode(canonical(event))));
}

/** Rule 3: the RFC 9162 (2.1.3.2) inclusion proof of leaf `index` in a tree of `size` leaves, ending at `root`. */
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

const word = (n) => {
  const out = new Uint8Array(32);
  let v = BigInt(n);
  for (let i = 31; v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};
const bytes32 = (h) => (h ? unhex(h) : new Uint8Array(32));

/** Rule 1: keccak256(abi.encode(root, firstBlock, lastBlock, eventCount, lastBlockHash, previousAnchor)). */
export function anchorHash(anchor) {
  return hex(keccak256(concat(bytes32(anchor.merkleRoot), word(anchor.firstBlock), word(anchor.lastBlock),
    word(anchor.eventCount), bytes32(anchor.lastBlockHash), bytes32(anchor.previousAnchor))));
}

/** DER ECDSA signature to the IEEE P1363 r||s WebCrypto wants. */
function derToRaw(der) {
  let at = 2;
  if (der[1] & 0x80) at += der[1] & 0x7f;
  const part = () => {
    if (der[at] !== 0x02) throw new Error('not a DER signature');
    const length = der[at + 1];
    let value = der.slice(at + 2, at + 2 + length);
    at += 2 + length;
    while (value.length > 32 && value[0] === 0) value = value.slice(1);
    const out = new Uint8Array(32);
    out.set(value, 32 - value.length);
    return out;
  };
  return concat(part(), part());
}

const base64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * Rule 5: the station's signature over the canonical record without `signature`. Returns 'valid', 'invalid' or
 * 'unsupported' (SM2: no browser implements it).
 */
export async function signatureStatus(record, station) {
  const unsigned = { ...record };
  delete unsigned.signature;
  const payload = encoder.encode(canonical(unsigned));
  const signature = base64(record.signature);
  const spki = base64(station.publicKey);
  try {
    if (station.algorithm === 'ECDSA_P256') {
      const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      return (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToRaw(signature), payload))
        ? 'valid' : 'invalid';
    }
    if (station.algorithm === 'ED25519') {
      const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
      return (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, payload)) ? 'valid' : 'invalid';
    }
  } catch (e) {
    if (e && e.name === 'NotSupportedError') return 'unsupported';
    return 'invalid';
  }
  return 'unsupported';
}

/** The anchor contract's event, `Anchored(uint64 indexed sequence, bytes32 indexed anchorHash)`. */
export const ANCHORED_EVENT = 'Anchored(uint64,bytes32)';
export const ANCHORED_TOPIC = `0x${hex(keccak256(encoder.encode(ANCHORED_EVENT)))}`;

async function rpc(url, method, params) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const answer = await response.json();
  if (answer.error) throw new Error(answer.error.message);
  return answer.result;
}

/**
 * Rule 6: the chain serves the anchor's chain ID and holds, in the anchor's block and transaction, an Anchored event
 * of the anchor contract with the anchor's sequence and anchor hash. The contract computes that hash itself from the
 * window in the call, and rule 4 recomputed it from the bundle's window, so the event vouches for root, blocks and
 * counts. Returns 'valid', 'invalid' or 'unreachable'.
 */
export async function chainStatus(url, anchor, call = rpc) {
  let chainId;
  let logs;
  try {
    chainId = parseInt(await call(url, 'eth_chainId', []), 16);
    const block = `0x${Number(anchor.evmBlock).toString(16)}`;
    logs = await call(url, 'eth_getLogs', [{
      address: anchor.contractAddress, fromBlock: block, toBlock: block,
      topics: [ANCHORED_TOPIC, `0x${hex(word(anchor.sequence))}`, `0x${anchor.anchorHash.toLowerCase()}`],
    }]);
  } catch (e) {
    return 'unreachable';
  }
  if (chainId !== Number(anchor.chainId)) return 'invalid';
  const sequence = `0x${hex(word(anchor.sequence))}`;
  const hash = `0x${anchor.anchorHash.toLowerCase()}`;
  return (logs || []).some((log) => !log.removed
    && String(log.address).toLowerCase() === String(anchor.contractAddress).toLowerCase()
    && String(log.transactionHash).toLowerCase() === String(anchor.evmTransaction).toLowerCase()
    && log.topics.length === 3 && log.topics[0].toLowerCase() === ANCHORED_TOPIC
    && log.topics[1].toLowerCase() === sequence && log.topics[2].toLowerCase() === hash)
    ? 'valid' : 'invalid';
}

/**
 * Every rule over one bundle. Returns {state, checks}: state 'verified', 'partial' (what is there holds but some of
 * it could not be checked or is not anchored yet) or 'failed'; checks as [{key, ok, args}].
 */
export async function verifyBundle(bundle, rpcUrl) {
  const checks = [];
  let failed = false;
  let partial = bundle.eventsNotYetAnchored > 0;
  const add = (key, ok, args = [], soft = false) => {
    checks.push({ key, ok, args });
    if (!ok && !soft) failed = true;
    if (!ok && soft) partial = true;
  };
  const anchors = Object.values(bundle.anchors || {});
  let leavesOk = true;
  let pathsOk = true;
  for (const entry of bundle.events) {
    const anchor = bundle.anchors[String(entry.anchor)];
    const leaf = await leafHash(entry.event, entry.salt);
    if (!anchor) {
      leavesOk = false;
      continue;
    }
    if (!(await inclusionHolds(leaf, entry.leafIndex, anchor.eventCount, entry.path, anchor.merkleRoot))) pathsOk = false;
    const block = entry.ledger && entry.ledger.blockNumber;
    if (block < anchor.firstBlock || block > anchor.lastBlock) leavesOk = false;
  }
  add('check.leaf', leavesOk, [bundle.events.length]);
  add('check.path', pathsOk);
  add('check.anchorHash', anchors.every((a) => anchorHash(a) === a.anchorHash.toLowerCase()), [anchors.length]);
  if (bundle.erasure) {
    const anchored = bundle.events.some((e) => e.event.type === 'ERASURE_RECORDED'
      && canonical(e.event.details && e.event.details.erasure) === canonical(bundle.erasure.record));
    const status = anchored ? await signatureStatus(bundle.erasure.record, bundle.erasure.station) : 'invalid';
    if (status === 'unsupported') add('check.signature.sm2', false, [], true);
    else add('check.signature', status === 'valid', [bundle.erasure.station.algorithm]);
  } else {
    checks.push({ key: 'check.signature.none', ok: null, args: [] });
  }
  if (!rpcUrl) {
    checks.push({ key: 'check.chain.skipped', ok: null, args: [] });
  } else {
    for (const anchor of anchors) {
      const status = await chainStatus(rpcUrl, anchor);
      if (status === 'unreachable') checks.push({ key: 'check.chain.unreachable', ok: null, args: [] });
      else add('check.chain', status === 'valid', [anchor.chainId, anchor.evmBlock]);
    }
  }
  if (bundle.eventsNotYetAnchored > 0) checks.push({ key: 'notYetAnchored', ok: null, args: [bundle.eventsNotYetAnchored] });
  return { state: failed ? 'failed' : partial ? 'partial' : 'verified', checks };
}
