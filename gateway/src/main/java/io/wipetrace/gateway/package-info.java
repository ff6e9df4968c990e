/**
 * The WipeTrace gateway, packaged by feature: each sub-package is one feature ({@code ledger} is the Fabric client)
 * and features talk to each other through their public interfaces and records only.
 */
package io.wipetrace.gateway;
