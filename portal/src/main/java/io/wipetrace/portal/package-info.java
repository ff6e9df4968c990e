/**
 * The portal: server-rendered pages (Thymeleaf) for consumers, partners and regulators, with JavaScript only where
 * it adds something (checking a proof bundle in the browser). It holds no data of its own: every page is a call to
 * the gateway's REST API, with the signed-in partner's or regulator's API key forwarded as {@code X-Api-Key}.
 */
package io.wipetrace.portal;
