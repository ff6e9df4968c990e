// The browser's verifier over a whole conformance corpus in one process (the Java side runs the same corpus):
//   node verify-corpus.mjs <corpus directory> <trust.json> [rpcUrl]
// reads <corpus directory>/expected.json ([{file, …}]) and prints one JSON line per case: {"file", "verdict", "code"}.
// Exit 2 when it cannot read its input; otherwise 0, whatever the verdicts: comparing them is the caller's job.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const { verifyBundle, pinnedTrust } = await import('../../main/resources/static/js/proof.js');

const [directory, trustPath, rpcUrl] = process.argv.slice(2);
if (process.env.NODE_TEST_CONTEXT && !directory) process.exit(0); // collected by `node --test`: nothing to do
if (!directory || !trustPath) {
  process.stderr.write('usage: node verify-corpus.mjs <corpus directory> <trust.json> [rpcUrl]\n');
  process.exit(2);
}
let cases;
let trust;
try {
  cases = JSON.parse(readFileSync(join(directory, 'expected.json'), 'utf8'));
  trust = pinnedTrust(JSON.parse(readFileSync(trustPath, 'utf8')));
} catch (unreadable) {
  process.stderr.write(`${unreadable.message}\n`);
  process.exit(2);
}
if (!trust) {
  process.stderr.write(`${trustPath} is not a wipetrace-trust file of version 1\n`);
  process.exit(2);
}
for (const { file } of cases) {
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(join(directory, file), 'utf8'));
  } catch (notJson) {
    bundle = undefined; // rule 1 refuses it like any other malformed bundle
  }
  const { verdict, code } = await verifyBundle(bundle, trust, rpcUrl || '');
  process.stdout.write(`${JSON.stringify({ file, verdict, code })}\n`);
}
