package dev.jtrace.traceevent;

import java.util.HashMap;
import java.util.Map;

/**
 * Task names by pid, as the kernel keeps them in {@code saved_cmdlines} (and thread-group ids from
 * {@code saved_tgids}), for the {@code comm-pid} column of rendered lines.
 */
public final class CommTable {
    private static final CommTable EMPTY = new CommTable(Map.of(), Map.of());

    // Sorted pids with parallel values: looked up per rendered line, so no boxing.
    private final int[] commPids;
    private final String[] commNames;
    private final int[] tgidPids;
    private final int[] tgidValues;

    private CommTable(Map<Integer, String> comms, Map<Integer, Integer> tgids) {
        commPids = comms.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        commNames = new String[commPids.length];
        for (int i = 0; i < commPids.length; i++) {
            commNames[i] = comms.get(commPids[i]);
        }
        tgidPids = tgids.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        tgidValues = new int[tgidPids.length];
        for (int i = 0; i < tgidPids.length; i++) {
            tgidValues[i] = tgids.get(tgidPids[i]);
        }
    }

    /**
     * Returns a table that knows no task.
     *
     * @return the empty table
     */
    public static CommTable empty() {
        return EMPTY;
    }

    /**
     * Parses the text of {@code saved_cmdlines} ({@code "PID COMM"} per line; the name may contain
     * spaces) and of {@code saved_tgids} ({@code "PID TGID"} per line).
     *
     * @param savedCmdlines the text of saved_cmdlines
     * @param savedTgids the text of saved_tgids, or an empty string
     * @return the table
     */
    public static CommTable parse(String savedCmdlines, String savedTgids) {
        Map<Integer, String> comms = new HashMap<>();
        for (String line : savedCmdlines.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                Integer pid = parsePid(line.substring(0, space));
                if (pid != null) {
                    comms.put(pid, line.substring(space + 1));
                }
            }
        }
        Map<Integer, Integer> tgids = new HashMap<>();
        for (String line : savedTgids.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                Integer pid = parsePid(line.substring(0, space));
                Integer tgid = parsePid(line.substring(space + 1).strip());
                if (pid != null && tgid != null) {
                    tgids.put(pid, tgid);
                }
            }
        }
        return new CommTable(comms, tgids);
    }

    private static Integer parsePid(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return value <= Integer.MAX_VALUE ? (int) value : null;
    }

    /**
     * Returns the task name the kernel shows for a pid: {@code <idle>} for 0, the saved name, or
     * {@code <...>} when the kernel has none.
     *
     * @param pid the pid
     * @return the name
     */
    public String comm(int pid) {
        if (pid == 0) {
            return "<idle>";
        }
        int i = java.util.Arrays.binarySearch(commPids, pid);
        return i >= 0 ? commNames[i] : "<...>";
    }

    /**
     * Returns the thread group id of a pid, if the kernel recorded it (it does while a buffer has
     * the option {@code record-tgid} on); rendered lines show it with {@link RenderContext#recordTgid()}.
     *
     * @param pid the pid
     * @return the tgid, or -1
     */
    public int tgid(int pid) {
        int i = java.util.Arrays.binarySearch(tgidPids, pid);
        return i >= 0 ? tgidValues[i] : -1;
    }
}
