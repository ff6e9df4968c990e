/**
 * The Java halves of the fault drills ({@code ./wipetrace drill}, {@code network/drill/run.sh}): the careful client's
 * load, the bulk import to kill the gateway in, the projection kill, and the check that every accepted write is on
 * the ledger once, projected and anchored. Exit codes are run.sh's contract.
 */
package io.wipetrace.tools.drill;
