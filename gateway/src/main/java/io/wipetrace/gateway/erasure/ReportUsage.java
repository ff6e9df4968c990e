package io.wipetrace.gateway.erasure;

/** How many bytes of erasure reports each organisation stored ({@code wipetrace.reports.quota-per-organisation}). */
public interface ReportUsage {

    /**
     * @param organisation organisation key
     * @return the bytes of the distinct reports it stored
     */
    long bytes(String organisation);

    /**
     * Counts a stored report for an organisation; a report it stored before is not counted again.
     *
     * @param organisation organisation key
     * @param sha256 the report's SHA-256
     * @param size its size in bytes
     */
    void add(String organisation, String sha256, long size);
}
