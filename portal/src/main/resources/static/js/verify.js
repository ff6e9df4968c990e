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

/** The bundle (parsed, or undefined when it is not JSON: rule 1 refuses it), or null when it cannot be downloaded. */
async function download() {
  try {
    const response = await fetch(section.dataset.bundleUrl, { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    return await response.json().catch(() => undefined);
  } catch (offline) {
    return null;
  }
}

/** One check: the first chain batch goes out with the bundle's download, so both travel at once. */
async function check() {
  const round1 = trust && rpcUrl ? chainRound1(trust, rpcUrl) : undefined;
  const bundle = await download();
  if (bundle === null) return null;
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
  by.textContent = trust && rpcUrl ? say('by.chain', [trust.chainId, trust.anchorContract, trust.confirmations])
    : say('by.browser');
  for (const c of result.checks) {
    if (c.ok) item('ok', c.key, c.args);
    else item('bad', c.key, [], say(`reason.${result.code}`));
  }
  const s = result.summary;
  if (s) {
    item('info', 'summary.state', [s.state]);
    for (const e of s.erasures) {
      item('info', 'summary.erasure', [e.method, e.technique, e.standard, e.result, e.verificationMode, e.stationId,
        e.algorithm]);
    }
    if (s.destruction) item('info', 'summary.destruction', [s.destruction.method]);
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
  if (!result) {
    show('unchecked', say('unavailable'));
    return;
  }
  render(result, result.code === 'STALE_BUNDLE', changed);
}

// verifyBundle does not throw; anything else that does leaves nothing concluded.
run().catch(() => show('unchecked', say('unavailable')));
