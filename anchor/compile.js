// Compiles the anchor contract with solc's standard JSON interface (the solcjs command line has no
// --via-ir): optimizer on, tuned for calls rather than deployment, through the IR pipeline, which
// together make an anchor cost about 30,000 gas. Writes <Contract>.bin and <Contract>.abi.
// Usage: node compile.js <solc package dir> <source.sol> <output dir>
'use strict';
const fs = require('fs');
const path = require('path');
const [solcDir, source, outputDir] = process.argv.slice(2);
const solc = require(path.resolve(solcDir));
const name = path.basename(source);
const input = {
  language: 'Solidity',
  sources: { [name]: { content: fs.readFileSync(source, 'utf8') } },
  settings: {
    optimizer: { enabled: true, runs: 1000000 },
    viaIR: true,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const error of output.errors || []) {
  console.error(error.formattedMessage);
  failed = failed || error.severity === 'error';
}
if (failed) process.exit(1);
// The directory holds build output only: start it afresh, so no older compiler output lingers beside.
fs.rmSync(outputDir, { recursive: true, force: true });
fs.mkdirSync(outputDir, { recursive: true });
for (const [contract, compiled] of Object.entries(output.contracts[name])) {
  fs.writeFileSync(path.join(outputDir, contract + '.bin'), compiled.evm.bytecode.object);
  fs.writeFileSync(path.join(outputDir, contract + '.abi'), JSON.stringify(compiled.abi));
}
