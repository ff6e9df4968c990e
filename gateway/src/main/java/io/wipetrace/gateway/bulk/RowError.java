package io.wipetrace.gateway.bulk;

/**
 * Why a row of an import failed.
 *
 * @param row the data row, from 1 (the CSV header is not counted)
 * @param line the line of the file the row starts on, from 1
 * @param field the field as the file names it (CSV column, JSON member path), or null for the whole row
 * @param code a stable code (see {@link RowCodes})
 * @param message what is wrong, for people
 */
public record RowError(int row, int line, String field, String code, String message) {}
