/**
 * Erasure and destruction certificates: a bilingual (zh-CN and English) PDF of a device's key facts from the read
 * model, its ledger references, its public anchors and the SHA-256 of its proof bundle exactly as served, with a QR
 * code to the portal's verify page, signed (PAdES, CMS inside the PDF) with the Fabric identity of the organisation
 * that holds the device at the end of its journey. The verifier checks it with {@code --certificate}.
 */
package io.wipetrace.gateway.certificate;
