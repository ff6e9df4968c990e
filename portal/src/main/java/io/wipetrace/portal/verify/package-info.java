/**
 * The consumer's page: a receipt code in, the device's timeline, erasure and destruction out, rendered on the server
 * so that it reads without JavaScript; with JavaScript the browser checks the proof bundle itself.
 */
package io.wipetrace.portal.verify;
