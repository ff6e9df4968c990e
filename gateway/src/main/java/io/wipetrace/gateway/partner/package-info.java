/**
 * A partner's own reads from the read model (who am I, what do I hold, what waits for me), always scoped to the
 * caller's organisation. The portal's partner console is built on them.
 */
package io.wipetrace.gateway.partner;
