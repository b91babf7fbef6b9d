package dev.jtrace.tracefs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a tracefs {@code error_log}: the kernel's explanation of a refused command.
 *
 * <p>The kernel writes three lines per entry:
 * <pre>
 * [ 9782.934589] trace_uprobe: error: Invalid register name
 *   Command: p:jtrace_1/x /bin/true:0x100 foo=%nosuchreg
 *                                               ^
 * </pre>
 * The first holds the time stamp (seconds since boot), where the error arose and the message; the
 * second the command as the kernel saw it; the third a caret under the position of the error.
 * Instances have their own {@code error_log} for the filters and triggers of their events; dynamic
 * events report to the top-level one, which all users of the machine share.
 *
 * @param timestamp the time stamp as printed, such as {@code "9782.934589"}
 * @param location where the error arose, such as {@code "trace_uprobe"} or
 *     {@code "event filter parse error"}
 * @param message the kernel's message, such as {@code "error: Invalid register name"}
 * @param command the command the error is about, as the kernel printed it
 * @param position the caret's position within {@code command}, or -1 if there was no caret
 */
public record ErrorLogEntry(String timestamp, String location, String message, String command, int position) {
    private static final String COMMAND_PREFIX = "  Command: ";

    /**
     * Checks the components.
     *
     * @param timestamp the time stamp as printed
     * @param location where the error arose
     * @param message the kernel's message
     * @param command the command
     * @param position the caret position or -1
     * @throws NullPointerException if a string is null
     */
    public ErrorLogEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(command, "command");
    }

    /**
     * Parses the text of an {@code error_log} file. Lines that do not fit the three-line shape are
     * skipped rather than failing the whole log, since the log only explains an error that has
     * already been reported with its errno.
     *
     * @param text the file's contents
     * @return the entries, oldest first
     */
    public static List<ErrorLogEntry> parseAll(String text) {
        List<ErrorLogEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String first = lines[i];
            if (!first.startsWith("[")) {
                continue;
            }
            int close = first.indexOf("] ");
            if (close < 0) {
                continue;
            }
            String timestamp = first.substring(1, close).strip();
            String rest = first.substring(close + 2);
            int colon = rest.indexOf(": ");
            String location = colon < 0 ? "" : rest.substring(0, colon);
            String message = colon < 0 ? rest : rest.substring(colon + 2);
            String command = "";
            int position = -1;
            if (i + 1 < lines.length && lines[i + 1].startsWith(COMMAND_PREFIX)) {
                command = lines[i + 1].substring(COMMAND_PREFIX.length());
                i++;
                if (i + 1 < lines.length && lines[i + 1].strip().equals("^")) {
                    position = lines[i + 1].indexOf('^') - COMMAND_PREFIX.length();
                    i++;
                }
            }
            entries.add(new ErrorLogEntry(timestamp, location, message, command, position));
        }
        return entries;
    }

    /**
     * Tells whether this entry is about a command jtrace wrote. The kernel prints the command after
     * its own parsing: leading and trailing blanks dropped, runs of blanks between words joined into
     * one, and for dynamic events the words it split re-joined with single spaces. A trigger whose
     * filter is refused ({@code traceoff if prev_pid == abc}) is logged with the filter alone as the
     * command ({@code prev_pid == abc}, the position counted within it).
     *
     * @param written the command as written
     * @return {@code true} if the entry names it
     */
    public boolean isAbout(String written) {
        String logged = normalize(command);
        String w = normalize(written);
        if (logged.equals(w)) {
            return true;
        }
        int condition = w.indexOf(" if ");
        return !logged.isEmpty() && condition >= 0 && w.substring(condition + " if ".length()).equals(logged);
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /**
     * Returns the entry on one line, as it is attached to exceptions.
     *
     * @return for example {@code trace_uprobe: error: Invalid register name (command 'p:g/x /bin/true:0x1
     *     foo=%nosuchreg', at position 35)}
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!location.isEmpty()) {
            sb.append(location).append(": ");
        }
        sb.append(message);
        if (!command.isEmpty()) {
            sb.append(" (command '").append(command).append('\'');
            if (position >= 0) {
                sb.append(", at position ").append(position);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
