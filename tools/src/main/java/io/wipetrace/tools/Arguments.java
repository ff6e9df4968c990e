package io.wipetrace.tools;

/** The positional arguments the tools take: a whole number at a place, or its default when the place is empty. */
public final class Arguments {

    private Arguments() {}

    /**
     * The whole number at {@code index}, or {@code fallback} when fewer arguments were given.
     *
     * @param name what the argument is, for the message when it is not a whole number
     * @throws IllegalArgumentException if the argument is there and is not a whole number
     */
    public static int integer(final String[] args, final int index, final String name, final int fallback) {
        if (args.length <= index) {
            return fallback;
        }
        try {
            return Integer.parseInt(args[index].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + args[index] + "'", e);
        }
    }
}
