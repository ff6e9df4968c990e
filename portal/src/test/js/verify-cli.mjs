// The browser's verifier from the command line, for the conformance corpus:
//   node verify-cli.mjs <bundle.json> <trust.json> [rpcUrl]
// prints one JSON line {"verdict", "code"} and exits 0 (VERIFIED, VERIFIED_OFFLINE), 1 (REJECTED), 3 (NOT_CHECKED) or
// 2 (it cannot read its input, or the trust file is not a wipetrace-trust file of version 1).
//   node verify-cli.mjs <corpus directory> <trust.json> [rpcUrl]
// checks every case its expected.json ([{file, …}]) names, in one process, and prints one line per case
// {"file", "verdict", "code"}; it exits 0 whatever the verdicts (comparing them is the caller's job), 2 as above.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) globalThis.crypto = webcrypto;
const { verifyBundle, pinnedTrust } = await import('../../main/resources/static/js/proof.js');

const [inputPath, trustPath, rpcUrl] = process.argv.slice(2);
if (process.env.NODE_TEST_CONTEXT && !inputPath) process.exit(0); // collected by `node --test`: nothing to do
if (!inputPath || !trustPath) {
  process.stderr.write('usage: node verify-cli.mjs <bundle.json | corpus directory> <trust.json> [rpcUrl]\n');
  process.exit(2);
}
let trust;
let files;
try {
  const file = JSON.parse(readFileSync(trustPath, 'utf8'));
  trust = file && file.format === 'wipetrace-trust' && file.version === 1 ? pinnedTrust(file) : null;
  files = statSync(inputPath).isDirectory()
    ? JSON.parse(readFileSync(join(inputPath, 'expected.json'), 'utf8')).map((c) => join(inputPath, c.file))
    : null;
} catch (unreadable) {
  process.stderr.write(`${unreadable.message}\n`);
  process.exit(2);
}
if (!trust) {
  process.stderr.write(`${trustPath} is not a wipetrace-trust file of version 1\n`);
  process.exit(2);
}

async function check(path) {
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8'));
  } catch (notJson) {
    bundle = undefined; // not JSON: rule 1 refuses it like any other malformed bundle
  }
  return verifyBundle(bundle, trust, rpcUrl || '');
}

if (files) {
  for (const path of files) {
    const { verdict, code } = await check(path);
    process.stdout.write(`${JSON.stringify({ file: path.slice(inputPath.length).replace(/^[/\\]/, ''), verdict, code })}\n`);
  }
  process.exit(0);
}
let result;
try {
  result = await check(inputPath);
} catch (unreadable) {
  process.stderr.write(`${unreadable.message}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ verdict: result.verdict, code: result.code })}\n`);
process.exit({ VERIFIED: 0, VERIFIED_OFFLINE: 0, REJECTED: 1, NOT_CHECKED: 3 }[result.verdict]);
