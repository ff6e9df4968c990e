package io.wipetrace.gateway.projection;

import java.util.List;

/**
 * Digests of the projection's tables, each an MD5 over its rows in a canonical order and text form.
 *
 * @param tables one entry per table, in a fixed order
 */
record ProjectionChecksum(List<Table> tables) {

    /** Copies the list. */
    public ProjectionChecksum {
        tables = List.copyOf(tables);
    }

    /**
     * One table's digest.
     *
     * @param name the table
     * @param rows how many rows it holds
     * @param md5 hex MD5 over its rows, one line each, in a canonical order
     */
    public record Table(String name, long rows, String md5) {}
}
