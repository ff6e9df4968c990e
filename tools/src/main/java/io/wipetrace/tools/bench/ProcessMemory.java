package io.wipetrace.tools.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The memory the system's processes hold, read from {@code /proc}: for each process the instance recorded a pid file
 * for ({@code <state>/pids/<name>.pid}), the resident and the proportional set size of that process and all its
 * descendants (PostgreSQL's backends count with their postmaster, a Spring Boot service with its JVM).
 *
 * <p>The proportional set size (PSS) shares each page among the processes that map it, so the PSS of all processes
 * adds up to the memory the system really holds; their resident sizes (RSS) count a shared page once per process
 * (PostgreSQL's shared buffers once per backend), so their sum overstates it.
 */
public final class ProcessMemory {

    /** What one named process and its descendants hold, in bytes. */
    public record Usage(long rssBytes, long pssBytes) {

        Usage plus(final Usage other) {
            return new Usage(rssBytes + other.rssBytes, pssBytes + other.pssBytes);
        }
    }

    private final Path proc;
    private final Path pids;

    /**
     * @param proc the proc file system ({@code /proc})
     * @param pids the instance's pid files ({@code <state>/pids})
     */
    public ProcessMemory(final Path proc, final Path pids) {
        this.proc = proc;
        this.pids = pids;
    }

    /**
     * One reading: each named process that is running, with its descendants, by name. A process that stopped between
     * listing and reading counts with what could be read.
     */
    public Map<String, Usage> sample() throws IOException {
        final Map<Integer, List<Integer>> children = children();
        final Map<String, Usage> usage = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*.pid")) {
            for (final Path file : files) {
                final String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                final Integer pid = pid(file);
                if (pid == null || !Files.isDirectory(proc.resolve(pid.toString()))) {
                    continue;
                }
                Usage total = new Usage(0, 0);
                final Deque<Integer> tree = new ArrayDeque<>(List.of(pid));
                while (!tree.isEmpty()) {
                    final int next = tree.pop();
                    total = total.plus(usage(next));
                    tree.addAll(children.getOrDefault(next, List.of()));
                }
                usage.put(name, total);
            }
        }
        return usage;
    }

    private static Integer pid(final Path file) throws IOException {
        final String text = Files.readString(file).strip();
        return text.matches("[0-9]{1,9}") ? Integer.valueOf(text) : null;
    }

    /** Each running process's children, from the parent pid in {@code /proc/<pid>/stat}. */
    private Map<Integer, List<Integer>> children() throws IOException {
        final Map<Integer, List<Integer>> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (final Path entry : entries) {
                final String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (IOException e) {
                    if (gone(entry, e)) {
                        continue;
                    }
                    throw e;
                }
                final Integer parent = parentPid(stat);
                if (parent != null) {
                    children.computeIfAbsent(parent, p -> new ArrayList<>())
                            .add(Integer.valueOf(entry.getFileName().toString()));
                }
            }
        }
        return children;
    }

    /**
     * The parent pid in a {@code stat} line: {@code pid (comm) state ppid ...}, where the command name may hold spaces
     * and parentheses, so the fields are counted after its last closing parenthesis.
     */
    static Integer parentPid(final String stat) {
        final String[] fields = fieldsAfterCommand(stat);
        return fields.length > 1 && fields[1].matches("[0-9]+") ? Integer.valueOf(fields[1]) : null;
    }

    /**
     * The fields of a {@code stat} line after the command name, from the state (field 3 of proc(5)) on: field n is at
     * index n - 3. None if the line has no command name.
     */
    static String[] fieldsAfterCommand(final String stat) {
        final int close = stat.lastIndexOf(')');
        return close < 0 ? new String[0] : stat.substring(close + 1).strip().split("\\s+");
    }

    private Usage usage(final int pid) throws IOException {
        try {
            final String rollup = Files.readString(proc.resolve(pid + "/smaps_rollup"));
            return new Usage(kilobytes(rollup, "Rss") * 1024, kilobytes(rollup, "Pss") * 1024);
        } catch (IOException e) {
            if (gone(proc.resolve(Integer.toString(pid)), e)) {
                return new Usage(0, 0);
            }
            throw e;
        }
    }

    /**
     * Whether a failed read of a process's {@code /proc} entry means the process exited meanwhile: its file is gone
     * (ENOENT), the kernel says it has no such process (ESRCH: it exited while the file was open, as a database's
     * short-lived backends do), or its directory is gone. Anything else (a permission, say) is a real failure.
     */
    static boolean gone(final Path processDirectory, final IOException e) {
        return e instanceof NoSuchFileException || "No such process".equals(e.getMessage())
                || !Files.isDirectory(processDirectory);
    }

    /** A {@code Name:  1234 kB} line of {@code smaps_rollup}, in kilobytes (0 when absent). */
    static long kilobytes(final String rollup, final String field) {
        for (final String line : rollup.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        return 0;
    }
}
