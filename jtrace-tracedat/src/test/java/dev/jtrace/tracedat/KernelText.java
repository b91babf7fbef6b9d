package dev.jtrace.tracedat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's {@code trace} text of an instance split into records by CPU (the text merges CPUs
 * by time; records of equal time on different CPUs may come in either order, but each CPU's keep
 * the buffer's order). A record whose text holds newlines spans several lines; they are joined.
 */
final class KernelText {
    static final Pattern LINE_START = Pattern.compile(
            "^ *(.*?)-(\\d+) +(?:\\( *[-\\d]+\\) +)?\\[(\\d+)\\] +(?:\\S+ +)?(\\d+(?:\\.\\d+)?): ");

    private KernelText() {
    }

    static Map<Integer, List<String>> byCpu(String trace) {
        Map<Integer, List<String>> out = new TreeMap<>();
        List<String> current = null;
        StringBuilder record = null;
        String[] lines = trace.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("CPU:") && line.contains("LOST")) {
                throw new IllegalStateException("the kernel lost events: " + line);
            }
            Matcher m = LINE_START.matcher(line);
            if (m.lookingAt()) {
                if (record != null) {
                    current.add(record.toString());
                }
                current = out.computeIfAbsent(Integer.parseInt(m.group(3)), c -> new ArrayList<>());
                record = new StringBuilder(line);
            } else if (record != null) {
                record.append('\n').append(line);
            }
        }
        if (record != null) {
            current.add(record.toString());
        }
        return out;
    }
}
