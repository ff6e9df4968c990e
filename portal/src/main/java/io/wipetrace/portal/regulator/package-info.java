/**
 * The regulator console: dashboard charts (drawn on the server as SVG, so they need no JavaScript), exceptions with
 * drill-down, search by device, bag, lot or handover with full history, anchors and integrity, CSV exports.
 */
package io.wipetrace.portal.regulator;
