/**
 * The gateway's shared kernel: small value types and helpers that several features use and that belong to none of
 * them — {@link io.wipetrace.gateway.shared.ReceiptCode} (the consumer's receipt code, minted by collections and bulk
 * imports, checked by verify and the certificate), {@link io.wipetrace.gateway.shared.QrCodes}, {@link
 * io.wipetrace.gateway.shared.Page} (every paged answer) and {@link io.wipetrace.gateway.shared.Csv} (every CSV
 * export and import). It depends on no other module of the gateway.
 */
package io.wipetrace.gateway.shared;
