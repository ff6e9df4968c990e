/**
 * The regulator's audit reads under {@code /api/v1/audit}: a device's full history evaluated from the ledger
 * ({@code device:GetHistory} on the regulator's peer) beside the projection's view with a consistency flag; device
 * search, exceptions against configurable deadlines ({@code wipetrace.audit.deadlines.*}) and per-partner figures
 * from the read model; CSV exports streamed from a database cursor. Read-only: nothing here submits.
 */
package io.wipetrace.gateway.audit;
