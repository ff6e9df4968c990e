/**
 * WipeTrace chaincode: the contracts every endorsing peer runs, and the process that serves them.
 *
 * <p>The chaincode runs as a service (chaincode-as-a-service): {@link io.wipetrace.chaincode.ChaincodeAsAService}
 * listens on {@code CHAINCODE_SERVER_ADDRESS} and the peers connect to it, so no container runtime is needed.
 *
 * <p>Every write is deterministic: keys are composite keys, values and event payloads are canonical JSON
 * (see {@link io.wipetrace.chaincode.CanonicalJson}), and failures carry a stable {@link
 * io.wipetrace.chaincode.ContractErrors} code that clients can match on.
 */
package io.wipetrace.chaincode;
