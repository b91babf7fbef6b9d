/**
 * The parsed print fmt of a trace event: its format string split into {@link
 * dev.jtrace.traceevent.printfmt.Segment}s and its argument expressions as an
 * {@link dev.jtrace.traceevent.printfmt.Expr} tree.
 *
 * <p>For {@code print fmt: "pid=%d comm=%s", REC->pid, __get_str(comm)} the
 * {@link dev.jtrace.traceevent.printfmt.PrintFmt} holds the segments {@code "pid="}, {@code %d},
 * {@code " comm="}, {@code %s} and the arguments {@code FieldRef("pid")} and
 * {@code Call("__get_str", [Ident("comm")])}.
 */
package dev.jtrace.traceevent.printfmt;
