/** Custody: handovers between organisations, smelting lots, and corrections of earlier events. */
package io.wipetrace.gateway.custody;
