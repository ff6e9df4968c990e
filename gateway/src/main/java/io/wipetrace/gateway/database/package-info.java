/** PostgreSQL helpers shared by several parts of the gateway. */
package io.wipetrace.gateway.database;
