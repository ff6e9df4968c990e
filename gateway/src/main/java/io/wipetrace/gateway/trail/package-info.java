/**
 * Who did what: every write the gateway answered with success (a POST, PUT, PATCH or DELETE under {@code /api/v1}) is
 * recorded in {@code write_audit} with the acting person's pseudonymous ID (a bearer token's {@code sub}) or the API
 * key's ID, the organisation, the method, the path, the status and the request ID; the regulator lists them at
 * {@code GET /api/v1/audit/writes}. The only module that writes SQL against that table.
 */
package io.wipetrace.gateway.trail;
