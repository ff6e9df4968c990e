/**
 * The alliance registry contract ({@code registry}): organisations and their roles, sites, and wiping stations with
 * the public keys that sign erasure reports. Only regulators write it (bootstrap aside), and every key carries a
 * key-level endorsement policy naming the regulator's peer. {@link io.wipetrace.chaincode.registry.Registry} is the
 * read side other contracts use to check a caller's organisation, roles and sites.
 */
package io.wipetrace.chaincode.registry;
