/**
 * The proof bundle conformance corpus: from genuine version-3 bundles, {@link io.wipetrace.tools.conformance.Corpus}
 * makes named cases, the genuine bundle and dozens of tamperings of it (a salt, a path, an anchor's root, window,
 * chain or contract, the events' order, a dropped event, the station's registration, a head entry, the format…),
 * each with the verdict and code the rules of docs/proof-bundle.md give it when checked against the alliance's trust
 * file and a node of the chain that carries the genuine anchors, and offline.
 *
 * <p>Each expectation is derived from the rules' order, never by running a verifier: the corpus is what the verifiers
 * are tested against. The CLI verifier's tests run it over every case; the portal's in-browser check reads the
 * written corpus ({@code expected.json} beside one file per case).
 */
package io.wipetrace.tools.conformance;
