package io.wipetrace.gateway.bulk;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of one kind of import: how CSV columns and JSON members map onto them, their types, and members that are
 * refused with a code of their own.
 *
 * @param fields the fields, in the order of a CSV header
 * @param refused JSON members and CSV columns refused with their own code (e.g. personal data)
 */
record RowSchema(List<Field> fields, Map<String, Refusal> refused) {

    /** A value's type. */
    enum Type {
        /** A string. */
        TEXT,
        /** An integer (in CSV: decimal digits). */
        INTEGER,
        /** true or false (in CSV: either word, any case). */
        BOOLEAN
    }

    /**
     * One field.
     *
     * @param column its CSV column name
     * @param path its JSON member, {@code object.member} for a member of a nested object
     * @param type its type
     * @param required whether a CSV header must name it (a missing optional column means an empty value)
     */
    record Field(String column, String path, Type type, boolean required) {

        /** @return the nested object holding it, or empty for a top-level member */
        Optional<String> object() {
            final int dot = path.indexOf('.');
            return dot < 0 ? Optional.empty() : Optional.of(path.substring(0, dot));
        }

        /**
         * @param format the file's format
         * @return the field's name as that format writes it
         */
        String name(final ImportFormat format) {
            return format == ImportFormat.CSV ? column : path;
        }
    }

    /**
     * Why a member or column is refused.
     *
     * @param code the row error's code
     * @param message what to tell the partner
     */
    record Refusal(String code, String message) {}

    /** @return the nested objects' names */
    Set<String> objects() {
        final Set<String> objects = new LinkedHashSet<>();
        fields.forEach(field -> field.object().ifPresent(objects::add));
        return objects;
    }

    /**
     * @param path a JSON member path
     * @return the field there
     */
    Optional<Field> byPath(final String path) {
        return fields.stream().filter(field -> field.path().equals(path)).findFirst();
    }
}
