package io.wipetrace.gateway.ledger;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The annotated path names a file or directory this process can read; {@code null} is left to {@code @NotNull}. */
@Documented
@Target({
    ElementType.METHOD,
    ElementType.FIELD,
    ElementType.ANNOTATION_TYPE,
    ElementType.CONSTRUCTOR,
    ElementType.PARAMETER,
    ElementType.TYPE_USE
})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ReadablePath.Validator.class)
public @interface ReadablePath {

    /** What the path must be. */
    enum Kind {
        /** A regular file. */
        FILE,
        /** A directory. */
        DIRECTORY;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the path must name.
     *
     * @return a file or a directory
     */
    Kind kind();

    /**
     * The message when the path cannot be read.
     *
     * @return the message template
     */
    String message() default "must name a readable {kind}; is the network up (./wipetrace up) and is"
            + " WIPETRACE_STATE pointing at its state directory?";

    /**
     * Validation groups.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Payload for clients of the validation API.
     *
     * @return the payload types
     */
    Class<? extends Payload>[] payload() default {};

    /** Checks the file system when the configuration is bound. */
    final class Validator implements ConstraintValidator<ReadablePath, Path> {

        private Kind kind;

        @Override
        public void initialize(final ReadablePath annotation) {
            this.kind = annotation.kind();
        }

        @Override
        public boolean isValid(final Path path, final ConstraintValidatorContext context) {
            if (path == null) {
                return true;
            }
            final boolean rightKind = kind == Kind.FILE ? Files.isRegularFile(path) : Files.isDirectory(path);
            return rightKind && Files.isReadable(path);
        }
    }
}
