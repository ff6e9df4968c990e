// The browser's verifier from the command line, for the conformance corpus:
//   node verify-cli.mjs <bundle.json> <trust.json> [rpcUrl]
// prints one JSON line {"verdict", "code"} and exits 0 (VERIFIED, VERIFIED_OFFLINE), 1 (REJECTED), 3 (NOT_CHECKED) or
// 2 (it cannot read its input, or the trust file is not a wipetrace-trust file of version 1).
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const { verifyBundle, pinnedTrust } = await import('../../main/resources/static/js/proof.js');

const [bundlePath, trustPath, rpcUrl] = process.argv.slice(2);
const print = (verdict, code) => process.stdout.write(`${JSON.stringify({ verdict, code })}\n`);

if (process.env.NODE_TEST_CONTEXT && !bundlePath) process.exit(0); // collected by `node --test`: nothing to do
if (!bundlePath || !trustPath) {
  process.stderr.write('usage: node verify-cli.mjs <bundle.json> <trust.json> [rpcUrl]\n');
  process.exit(2);
}
let trust;
let text;
try {
  const file = JSON.parse(readFileSync(trustPath, 'utf8'));
  trust = file && file.format === 'wipetrace-trust' && file.version === 1 ? pinnedTrust(file) : null;
  text = readFileSync(bundlePath, 'utf8');
} catch (unreadable) {
  process.stderr.write(`${unreadable.message}\n`);
  process.exit(2);
}
if (!trust) {
  process.stderr.write(`${trustPath} is not a wipetrace-trust file of version 1\n`);
  process.exit(2);
}
let bundle;
try {
  bundle = JSON.parse(text);
} catch (notJson) {
  bundle = undefined; // not JSON: rule 1 refuses it like any other malformed bundle
}
const result = await verifyBundle(bundle, trust, rpcUrl || '');
print(result.verdict, result.code);
process.exit({ VERIFIED: 0, VERIFIED_OFFLINE: 0, REJECTED: 1, NOT_CHECKED: 3 }[result.verdict]);
