/**
 * Erasure and destruction certificates: a bilingual (zh-CN and English) PDF of a device's key facts from the read
 * model, its ledger references, its public anchors and the SHA-256 of its proof bundle exactly as served, with a QR
 * code to the portal's verify page, signed (PAdES, CMS inside the PDF) with the Fabric identity of the organisation
 * that holds the device at the end of its journey. The verifier checks it with {@code --certificate}. Its API,
 * {@link io.wipetrace.gateway.certificate.SignedPdfs} and {@link io.wipetrace.gateway.certificate.PdfWriter}, draws
 * and signs the gateway's other signed documents the same way (the regulator's compliance report).
 */
package io.wipetrace.gateway.certificate;
