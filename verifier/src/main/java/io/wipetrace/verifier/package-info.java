/**
 * The proof bundle verifier: checks a bundle with nothing but the bundle, the shared proof bytes
 * ({@code io.wipetrace.proof}) and, optionally, any EVM JSON-RPC endpoint. The format is described in
 * docs/proof-bundle.md.
 */
package io.wipetrace.verifier;
