package io.wipetrace.gateway.bulk;

import static io.wipetrace.gateway.bulk.RowSchema.Type.BOOLEAN;
import static io.wipetrace.gateway.bulk.RowSchema.Type.INTEGER;
import static io.wipetrace.gateway.bulk.RowSchema.Type.TEXT;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.bulk.ImportReader.SourceRow;
import io.wipetrace.gateway.device.CollectionRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a collections import: each becomes the {@link CollectionRequest} that {@code POST /api/v1/collections}
 * takes (without personal data) and is checked by the same constraints; every problem of a row is reported, each
 * with its field and a stable code.
 *
 * <p>CSV columns: {@code make, model, storageGb, channel, siteId, consentReference, consentScope, consentMethod,
 * consentImpact, bagId (optional), sealId (optional), locked}. JSON lines: the request body of a single collection,
 * {@code {"make","model","storageGb","channel","siteId","consent":{"reference","scope","method","impact"},"bagId"?,
 * "sealId"?,"locked"}}.
 */
final class CollectionRows {

    /** The fields of a collection row. */
    static final RowSchema SCHEMA = new RowSchema(List.of(
            new RowSchema.Field("make", "make", TEXT, true),
            new RowSchema.Field("model", "model", TEXT, true),
            new RowSchema.Field("storageGb", "storageGb", INTEGER, true),
            new RowSchema.Field("channel", "channel", TEXT, true),
            new RowSchema.Field("siteId", "siteId", TEXT, true),
            new RowSchema.Field("consentReference", "consent.reference", TEXT, true),
            new RowSchema.Field("consentScope", "consent.scope", TEXT, true),
            new RowSchema.Field("consentMethod", "consent.method", TEXT, true),
            new RowSchema.Field("consentImpact", "consent.impact", TEXT, true),
            new RowSchema.Field("bagId", "bagId", TEXT, false),
            new RowSchema.Field("sealId", "sealId", TEXT, false),
            new RowSchema.Field("locked", "locked", BOOLEAN, true),
            new RowSchema.Field("productType", "productType", TEXT, false)),
            personalDataRefused("personal", "imei", "serial", "contact"));

    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("-?[0-9]+");

    private final Validator validator;

    CollectionRows(final Validator validator) {
        this.validator = validator;
    }

    /**
     * A row checked.
     *
     * @param request the collection, when the row is valid (no errors)
     * @param errors every problem found, in field order
     */
    record Checked(CollectionRequest request, List<RowError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Checks a row.
     *
     * @param row the row as read
     * @param format the file's format (for field names and how numbers and booleans are written)
     * @return the collection, or the row's errors
     */
    Checked check(final SourceRow row, final ImportFormat format) {
        if (!row.errors().isEmpty()) {
            return new Checked(null, List.copyOf(row.errors()));
        }
        final Values values = new Values(row, format);
        final CollectionRequest request = new CollectionRequest(
                values.text("make"), values.text("model"), values.integer("storageGb"), values.text("channel"),
                values.text("siteId"),
                new CollectionRequest.Consent(values.text("consent.reference"), values.text("consent.scope"),
                        values.text("consent.method"), values.text("consent.impact")),
                values.text("bagId"), values.text("sealId"), values.bool("locked"), null, values.text("productType"));
        final List<RowError> errors = values.errors;
        for (final ConstraintViolation<CollectionRequest> violation : validator.validate(request)) {
            final String path = violation.getPropertyPath().toString();
            if (values.typeErrors.contains(path)) {
                continue;
            }
            final Annotation constraint = violation.getConstraintDescriptor().getAnnotation();
            errors.add(new RowError(row.row(), row.line(), values.name(path), code(constraint),
                    message(path, constraint, violation.getMessage())));
        }
        errors.sort(Comparator.comparingInt(error -> fieldIndex(error.field(), format)));
        return new Checked(errors.isEmpty() ? request : null, List.copyOf(errors));
    }

    private static String code(final Annotation constraint) {
        return switch (constraint) {
            case NotBlank notBlank -> RowCodes.FIELD_REQUIRED;
            case NotNull notNull -> RowCodes.FIELD_REQUIRED;
            case Size size -> RowCodes.FIELD_TOO_LONG;
            case Min min -> RowCodes.FIELD_OUT_OF_RANGE;
            case Max max -> RowCodes.FIELD_OUT_OF_RANGE;
            default -> RowCodes.FIELD_INVALID;
        };
    }

    private static String message(final String path, final Annotation constraint, final String fallback) {
        return switch (constraint) {
            case NotBlank notBlank -> "is required";
            case NotNull notNull -> "is required";
            case Size size -> "must be at most " + size.max() + " characters";
            case Min min -> "must be at least " + min.value();
            case Max max -> "must be at most " + max.value();
            case Pattern pattern when path.equals("channel") -> "must be one of HOME_PICKUP, STORE, MAIL_BAG";
            case Pattern pattern -> "must be 1 to 64 characters of A-Z a-z 0-9 . _ : / -, starting with a letter or"
                    + " digit";
            default -> fallback;
        };
    }

    private static int fieldIndex(final String name, final ImportFormat format) {
        final List<RowSchema.Field> fields = SCHEMA.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name(format).equals(name)) {
                return i;
            }
        }
        return fields.size();
    }

    private static Map<String, RowSchema.Refusal> personalDataRefused(final String... names) {
        final RowSchema.Refusal refusal = new RowSchema.Refusal(RowCodes.PERSONAL_DATA_UNSUPPORTED,
                "personal data (IMEI, serial number, contact) is not taken by bulk imports; register such devices one"
                        + " by one with POST /api/v1/collections");
        final Map<String, RowSchema.Refusal> refused = new java.util.LinkedHashMap<>();
        for (final String name : names) {
            refused.put(name, refusal);
        }
        return Map.copyOf(refused);
    }

    /** A row's values read as their fields' types, collecting type errors. */
    private static final class Values {
        private final SourceRow row;
        private final ImportFormat format;
        private final List<RowError> errors = new ArrayList<>();
        private final Set<String> typeErrors = new HashSet<>();

        Values(final SourceRow row, final ImportFormat format) {
            this.row = row;
            this.format = format;
        }

        String name(final String path) {
            return SCHEMA.byPath(path).map(field -> field.name(format)).orElse(path);
        }

        String text(final String path) {
            final JsonNode value = row.values().get(path);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                return wrongType(path, "must be a string");
            }
            final String text = value.textValue();
            for (int i = 0; i < text.length(); i++) {
                if (Character.isISOControl(text.charAt(i))) {
                    typeErrors.add(path);
                    errors.add(new RowError(row.row(), row.line(), name(path), RowCodes.FIELD_INVALID,
                            "must not contain control characters (tabs, line breaks, …)"));
                    return null;
                }
            }
            return text;
        }

        Integer integer(final String path) {
            final JsonNode value = row.values().get(path);
            if (value == null) {
                return null;
            }
            if (format == ImportFormat.CSV && value.isTextual() && DIGITS.matcher(value.textValue()).matches()) {
                final String digits = value.textValue();
                // Beyond int: out of range all the same (the range check reports it).
                return digits.length() > 10 ? (digits.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(digits)));
            }
            if (format == ImportFormat.JSONL && value.isIntegralNumber()) {
                return value.canConvertToInt() ? value.intValue()
                        : value.bigIntegerValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            }
            return wrongType(path, "must be an integer");
        }

        Boolean bool(final String path) {
            final JsonNode value = row.values().get(path);
            if (value == null) {
                return null;
            }
            if (format == ImportFormat.CSV && value.isTextual()) {
                switch (value.textValue().toLowerCase(Locale.ROOT)) {
                    case "true" -> {
                        return Boolean.TRUE;
                    }
                    case "false" -> {
                        return Boolean.FALSE;
                    }
                    default -> { }
                }
            }
            if (format == ImportFormat.JSONL && value.isBoolean()) {
                return value.booleanValue();
            }
            return wrongType(path, "must be true or false");
        }

        private <T> T wrongType(final String path, final String message) {
            typeErrors.add(path);
            errors.add(new RowError(row.row(), row.line(), name(path), RowCodes.FIELD_WRONG_TYPE, message));
            return null;
        }
    }
}
