/**
 * Anchors recorded back on the channel: each public anchor of a window of Fabric blocks on the EVM chain, so that
 * auditors see it on both chains and a proof bundle can name it from the ledger alone.
 */
package io.wipetrace.chaincode.anchor;
