/** The portal's one way to the ledger: HTTP calls to the gateway's {@code /api/v1}, problems mapped to exceptions. */
package io.wipetrace.portal.gateway;
