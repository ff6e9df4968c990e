package io.wipetrace.gateway.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import org.springframework.lang.Nullable;

/** Which member of a JSON body Jackson refused, and why, in the caller's terms (no Java types). */
final class JsonMembers {

    /**
     * @param member the member's path, e.g. {@code $.devices[2].imei}
     * @param reason why it is refused
     */
    record Refusal(String member, String reason) {}

    private JsonMembers() {}

    /**
     * @param failure what Jackson threw
     * @return the refused member, or {@code null} when the body is not JSON at all
     */
    static @Nullable Refusal refusal(@Nullable final Throwable failure) {
        if (failure instanceof UnrecognizedPropertyException unknown) {
            return new Refusal(path(unknown), "unknown member");
        }
        if (failure instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return new Refusal(path(mismatch), "must be " + jsonType(mismatch.getTargetType()));
        }
        if (failure instanceof StreamReadException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith("Duplicate field")
                && read.getProcessor() instanceof JsonParser parser) {
            return new Refusal(path(parser.getParsingContext()), "member given twice");
        }
        return null;
    }

    private static String path(final JsonMappingException e) {
        final StringBuilder path = new StringBuilder("$");
        for (final JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String path(final JsonStreamContext innermost) {
        final Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext context = innermost; context != null && !context.inRoot();
                context = context.getParent()) {
            segments.push(context.inArray() ? "[" + context.getCurrentIndex() + "]"
                    : "." + context.getCurrentName());
        }
        return "$" + String.join("", segments);
    }

    private static String jsonType(@Nullable final Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
