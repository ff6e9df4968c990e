/**
 * The proof bundle verifier (docs/proof-bundle.md, version 2): checks a bundle with nothing but the bundle, the
 * alliance's pinned trust file ({@link io.wipetrace.proof.Trust}), the shared proof bytes
 * ({@code io.wipetrace.proof}) and, to make it a proof, any node of the EVM chain.
 *
 * <ul>
 *   <li>{@link io.wipetrace.verifier.BundleVerifier}: the rules 1 to 22 in the spec's order; the first that fails
 *       gives the verdict's code. The summary (state, erasures, destruction, smelting) comes from checked events only.
 *   <li>{@link io.wipetrace.verifier.Chain} and {@link io.wipetrace.verifier.JsonRpcChain}: what the chain is asked, in
 *       two JSON-RPC batch requests, always about the trust file's contract, never a bundle's.
 *   <li>{@link io.wipetrace.verifier.CertificateCheck}: the erasure certificate (PDF) against the trust file's member
 *       CAs and the bundle's SHA-256.
 *   <li>{@link io.wipetrace.verifier.VerifyBundle}: the command line, {@code bundle.json --trust FILE [--rpc URL]
 *       [--certificate cert.pdf] [--json]}; exit 0 verified (offline too), 1 rejected, 2 bad input, 3 not checked.
 * </ul>
 */
package io.wipetrace.verifier;
