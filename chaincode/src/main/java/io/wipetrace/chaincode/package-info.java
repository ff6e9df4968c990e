/**
 * WipeTrace chaincode: the contracts every endorsing peer runs, and the process that serves them.
 *
 * <p>The chaincode runs as a service (chaincode-as-a-service): {@link io.wipetrace.chaincode.ChaincodeAsAService}
 * listens on {@code CHAINCODE_SERVER_ADDRESS} and the peers connect to it, so no container runtime is needed.
 *
 * <p>Contracts: {@code registry} ({@link io.wipetrace.chaincode.registry}) and {@code device} ({@link
 * io.wipetrace.chaincode.device}); chaincode/README.md describes their transactions, JSON and error codes. The test
 * network also deploys {@code foundation} ({@link io.wipetrace.chaincode.probe}), an end-to-end probe that the
 * production jar leaves out.
 *
 * <p>Every write is deterministic: time comes only from the transaction timestamp, keys are composite keys, values,
 * event payloads and results are canonical JSON (see {@link io.wipetrace.chaincode.LedgerJson}), arguments are
 * checked in full by {@link io.wipetrace.chaincode.Fields} before the first write, and failures carry a stable {@link
 * io.wipetrace.proof.ledger.LedgerError} code that clients can match on.
 */
package io.wipetrace.chaincode;
