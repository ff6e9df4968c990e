// Checks the page's proof bundle in the browser and says the result in the page's language. The timeline above is
// server-rendered; without JavaScript the page says how to check the bundle offline instead.
import { verifyBundle } from './proof.js';

const section = document.getElementById('proof');
const status = document.getElementById('proof-status');
const list = document.getElementById('proof-checks');
const messages = JSON.parse(document.getElementById('proof-messages').textContent);

const say = (key, args = []) => (messages[key] || key).replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));

function show(state, key) {
  status.dataset.state = state;
  status.textContent = say(key);
}

async function run() {
  if (!window.crypto || !crypto.subtle) {
    show('failed', 'noWebCrypto');
    return;
  }
  show('checking', 'checking');
  let response;
  try {
    response = await fetch(section.dataset.bundleUrl, { headers: { Accept: 'application/json' } });
  } catch (offline) {
    show('unavailable', 'unavailable');
    return;
  }
  if (!response.ok) {
    show('unavailable', 'unavailable');
    return;
  }
  const bundle = await response.json();
  if (!bundle.events || bundle.events.length === 0) {
    show('unavailable', 'unavailable');
    return;
  }
  const result = await verifyBundle(bundle, section.dataset.rpcUrl || '');
  for (const check of result.checks) {
    const item = document.createElement('li');
    item.className = check.ok === true ? 'ok' : check.ok === false ? 'bad' : 'info';
    item.dataset.check = check.key;
    item.textContent = say(check.key, check.args);
    list.appendChild(item);
  }
  show(result.state, result.state);
}

// Anything else that throws is a bundle that does not hold together: not verified.
run().catch(() => show('failed', 'failed'));
