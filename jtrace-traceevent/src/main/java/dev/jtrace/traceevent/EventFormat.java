package dev.jtrace.traceevent;

import dev.jtrace.traceevent.printfmt.PrintFmt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The description of one trace event from its {@code events/<system>/<event>/format} file: name,
 * id, record layout and print fmt.
 * <pre>{@code
 * name: sched_switch
 * ID: 372
 * format:
 *     field:unsigned short common_type;   offset:0;   size:2; signed:0;
 *     ...
 *     field:char prev_comm[16];   offset:8;   size:16;    signed:0;
 *     ...
 * print fmt: "prev_comm=%s prev_pid=%d ...", REC->prev_comm, REC->prev_pid, ...
 * }</pre>
 *
 * <p>The print fmt is parsed when the format is; an event whose print fmt cannot be parsed still
 * has its fields, and {@link #printFmtError()} says what went wrong (rendering then falls back to a
 * raw field dump for that event only). Instances are immutable and come from {@link FormatParser}.
 */
public final class EventFormat {
    private final String system;
    private final String name;
    private final int id;
    private final List<FieldFormat> commonFields;
    private final List<FieldFormat> fields;
    private final List<FieldFormat> allFields;
    private final Map<String, FieldFormat> byName;
    private final String printFmtText;
    private final PrintFmt printFmt;
    private final String printFmtError;
    private final String source;

    EventFormat(String system, String name, int id, List<FieldFormat> allFields, String printFmtText,
            PrintFmt printFmt, String printFmtError, String source) {
        this.system = Objects.requireNonNull(system, "system");
        this.name = Objects.requireNonNull(name, "name");
        this.id = id;
        this.allFields = List.copyOf(allFields);
        this.commonFields = allFields.stream().filter(FieldFormat::isCommon).toList();
        this.fields = allFields.stream().filter(f -> !f.isCommon()).toList();
        Map<String, FieldFormat> map = HashMap.newHashMap(allFields.size());
        for (FieldFormat f : allFields) {
            map.putIfAbsent(f.name(), f);
        }
        this.byName = Map.copyOf(map);
        this.printFmtText = Objects.requireNonNull(printFmtText, "printFmtText");
        this.printFmt = Objects.requireNonNull(printFmt, "printFmt");
        this.printFmtError = printFmtError;
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Returns the event's system: the name of the directory under {@code events/} that holds it.
     *
     * @return for example {@code sched}
     */
    public String system() {
        return system;
    }

    /**
     * Returns the event name from the {@code name:} line.
     *
     * @return for example {@code sched_switch}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the event id from the {@code ID:} line: the value of {@code common_type} in its
     * records and the perf tracepoint config.
     *
     * @return the id
     */
    public int id() {
        return id;
    }

    /**
     * Returns the fields every record starts with ({@code common_type}, {@code common_flags},
     * {@code common_preempt_count}, {@code common_pid}, ...), in file order.
     *
     * @return the common fields
     */
    public List<FieldFormat> commonFields() {
        return commonFields;
    }

    /**
     * Returns the event's own fields (not the {@code common_*} ones), in file order.
     *
     * @return the fields
     */
    public List<FieldFormat> fields() {
        return fields;
    }

    /**
     * Returns every field, common ones included, in file order.
     *
     * @return all fields
     */
    public List<FieldFormat> allFields() {
        return allFields;
    }

    /**
     * Finds a field, common or not, by name.
     *
     * @param fieldName the field name
     * @return the field, or {@code null} if the event has no such field
     */
    public FieldFormat field(String fieldName) {
        return byName.get(fieldName);
    }

    /**
     * Returns the parsed print fmt. If it could not be parsed ({@link #printFmtError()} is not
     * {@code null}) this is a stand-in whose only argument is an
     * {@link dev.jtrace.traceevent.printfmt.Expr.Raw} holding the whole print fmt text.
     *
     * @return the print fmt
     */
    public PrintFmt printFmt() {
        return printFmt;
    }

    /**
     * Returns the print fmt as written: the text after {@code print fmt: } on its line.
     *
     * @return the raw print fmt text
     */
    public String printFmtText() {
        return printFmtText;
    }

    /**
     * Says why the print fmt could not be parsed.
     *
     * @return the parse error message (naming source and offset), or {@code null} if it parsed
     */
    public String printFmtError() {
        return printFmtError;
    }

    /**
     * Returns where the format came from.
     *
     * @return the source given to the parser, usually the format file's path
     */
    public String source() {
        return source;
    }

    /**
     * Returns {@code system:name} and the id.
     *
     * @return for example {@code sched:sched_switch (id 372)}
     */
    @Override
    public String toString() {
        return system + ":" + name + " (id " + id + ")";
    }
}
