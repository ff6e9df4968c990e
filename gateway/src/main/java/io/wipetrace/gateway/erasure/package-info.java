/**
 * Erasure and destruction evidence: signed erasure records with their report files (hashed with SHA-256 and SM3,
 * stored by hash), dismantling and storage destruction.
 */
package io.wipetrace.gateway.erasure;
