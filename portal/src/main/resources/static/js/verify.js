// Checks the page's proof bundle in this browser against the alliance's pinned trust (rendered by the portal from
// the trust file, never taken from the bundle) and the public chain, and says the verdict in the page's language.
// The timeline above is server-rendered; without JavaScript the page says how to check the bundle offline instead.
import { verifyBundle, chainRound1, pinnedTrust } from './proof.js';

const section = document.getElementById('proof');
const status = document.getElementById('proof-status');
const pending = document.getElementById('proof-pending');
const details = document.getElementById('proof-details');
const by = document.getElementById('proof-by');
const list = document.getElementById('proof-checks');
const messages = JSON.parse(document.getElementById('proof-messages').textContent);
const trust = pinnedTrust(JSON.parse(document.getElementById('trust').textContent));
const rpcUrl = section.dataset.rpcUrl || '';

const say = (key, args = []) => (messages[key] || key).replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));

// data-state: checking, verified, offline (checked without the chain: not a proof), failed, unchecked (nothing
// could be concluded: no bundle, no WebCrypto, no trust, or the chain could not be asked).
const STATES = { VERIFIED: 'verified', VERIFIED_OFFLINE: 'offline', REJECTED: 'failed', NOT_CHECKED: 'unchecked' };

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function item(className, key, args, text = say(key, args)) {
  const li = document.createElement('li');
  li.className = className;
  li.dataset.check = key;
  li.textContent = text;
  list.appendChild(li);
}

/** A refusal to serve the bundle because this visitor asked too often, with the seconds to wait. */
class RateLimited {
  constructor(seconds) { this.seconds = seconds; }
}

/**
 * The bundle (parsed, or undefined when it is not JSON: rule 1 refuses it), a RateLimited, or null when it cannot be
 * downloaded.
 */
async function download() {
  try {
    // A plain GET, so that the page's preload of the same URL answers it.
    const response = await fetch(section.dataset.bundleUrl);
    if (response.status === 429) return new RateLimited(Number(response.headers.get('Retry-After')) || 60);
    if (!response.ok) return null;
    return await response.json().catch(() => undefined);
  } catch (offline) {
    return null;
  }
}

/** A code in the reader's words (the page's labels), or the code itself. */
const label = (prefix, code) => messages[`label.${prefix}${code}`] || code;

/** One check: the first chain batch goes out with the bundle's download, so both travel at once. */
async function check() {
  const round1 = trust && rpcUrl ? chainRound1(trust, rpcUrl) : undefined;
  const bundle = await download();
  if (bundle === null || bundle instanceof RateLimited) return bundle;
  return verifyBundle(bundle, trust, rpcUrl, { round1 });
}

function headline(result, stale) {
  if (result.verdict === 'REJECTED') {
    return stale ? say('stale') : say('failed', [say(`reason.${result.code}`)]);
  }
  if (result.verdict === 'NOT_CHECKED') return say(`notChecked.${result.code}`);
  return say(STATES[result.verdict]);
}

function render(result, stale, changed) {
  show(STATES[result.verdict], headline(result, stale));
  // One line says who checked and against what; the details fold open.
  by.textContent = trust && rpcUrl ? say('by.chain') : say('by.browser');
  if (trust && rpcUrl) item('info', 'chainLine', [trust.chainId, trust.anchorContract, trust.confirmations]);
  for (const c of result.checks) {
    if (c.ok) item('ok', c.key, c.args);
    else item('bad', c.key, [], say(`reason.${result.code}`));
  }
  const s = result.summary;
  if (s) {
    item('info', 'summary.state', [label('state.', s.state)]);
    for (const e of s.erasures) {
      item('info', 'summary.erasure', [label('erasure.method.', e.method), label('erasure.result.', e.result),
        label('erasure.verification.', e.verificationMode), e.stationId]);
    }
    if (s.destruction) item('info', 'summary.destruction', [label('destruction.method.', s.destruction.method)]);
    if (s.smelting) item('info', 'summary.smelting', [s.smelting.lotId]);
    // Only the bundle's hint, shown as information: no verdict depends on it.
    if (s.eventsNotYetAnchored > 0) {
      pending.textContent = say('notYetAnchored', [s.eventsNotYetAnchored]);
      pending.hidden = false;
    }
  }
  if (changed) {
    pending.textContent = [say('changed'), pending.hidden ? '' : pending.textContent].join(' ').trim();
    pending.hidden = false;
  }
  details.hidden = false;
}

async function run() {
  if (!window.crypto || !crypto.subtle || typeof BigInt !== 'function') {
    show('unchecked', say('noWebCrypto'));
    return;
  }
  show('checking', say('checking'));
  let result = await check();
  let changed = false;
  if (result && result.code === 'STALE_BUNDLE') {
    // A newer anchor exists: the device moved on since the bundle was made. Fetch it once more.
    changed = true;
    result = await check();
  }
  if (result instanceof RateLimited) {
    const wait = result.seconds < 120 ? say('wait.seconds', [result.seconds])
      : say('wait.minutes', [Math.ceil(result.seconds / 60)]);
    show('unchecked', say('rateLimited', [wait]));
    return;
  }
  if (!result) {
    show('unchecked', say('unavailable'));
    return;
  }
  render(result, result.code === 'STALE_BUNDLE', changed);
  // For the benchmark (and anyone curious): when the verdict was on screen.
  performance.mark('wipetrace-verdict');
}

// verifyBundle does not throw; anything else that does leaves nothing concluded.
run().catch(() => show('unchecked', say('unavailable')));
