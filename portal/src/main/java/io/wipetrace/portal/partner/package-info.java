/**
 * The partner console: devices in the organisation's custody, handovers waiting for it, and the forms that record
 * each custody step through the gateway. A failed submission shows why in words and keeps what was typed.
 */
package io.wipetrace.portal.partner;
