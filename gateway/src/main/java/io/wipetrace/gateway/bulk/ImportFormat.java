package io.wipetrace.gateway.bulk;

import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;

/** The file formats an import takes. */
enum ImportFormat {
    /** RFC 4180 CSV with a header row ({@code text/csv}). */
    CSV,
    /** One JSON object per line ({@code application/x-ndjson}, also {@code application/jsonl}). */
    JSONL;

    /** The media type of CSV. */
    static final String CSV_TYPE = "text/csv";
    /** The media type of JSON lines. */
    static final String NDJSON_TYPE = "application/x-ndjson";
    /** Another name for JSON lines. */
    static final String JSONL_TYPE = "application/jsonl";

    /**
     * @param mediaType a Content-Type, or null
     * @return the format it names
     */
    static Optional<ImportFormat> ofMediaType(final String mediaType) {
        if (mediaType == null || mediaType.isBlank()) {
            return Optional.empty();
        }
        final MediaType type;
        try {
            type = MediaType.parseMediaType(mediaType);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return switch (type.getType().toLowerCase(Locale.ROOT) + "/" + type.getSubtype().toLowerCase(Locale.ROOT)) {
            case CSV_TYPE -> Optional.of(CSV);
            case NDJSON_TYPE, JSONL_TYPE, "application/x-jsonlines", "application/jsonlines" -> Optional.of(JSONL);
            default -> Optional.empty();
        };
    }

    /**
     * @param fileName an uploaded file's name, or null
     * @return the format its extension names ({@code .csv}; {@code .jsonl}, {@code .ndjson})
     */
    static Optional<ImportFormat> ofFileName(final String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        final String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }
}
