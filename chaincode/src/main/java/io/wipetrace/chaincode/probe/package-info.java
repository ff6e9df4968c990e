/**
 * The {@code foundation} contract: an end-to-end probe for the test network (any member writes any short value), used
 * by the gateway's network and projection tests and the benchmarks' floor transaction.
 *
 * <p>It has no access control, so it never ships: the chaincode's build writes two jars, {@code
 * wipetrace-chaincode.jar} without this package (what {@code ./wipetrace up} deploys) and {@code
 * wipetrace-chaincode-probe.jar} with it (what the test instance deploys). {@code ChaincodeJarsIT} checks both.
 */
package io.wipetrace.chaincode.probe;
