/**
 * Trace-event formats and raw ring-buffer records.
 *
 * <ul>
 *   <li>Formats: {@link dev.jtrace.traceevent.EventFormats} loads every
 *       {@code events/<system>/<event>/format} of a tracefs into
 *       {@link dev.jtrace.traceevent.EventFormat}s (fields as
 *       {@link dev.jtrace.traceevent.FieldFormat}, the print fmt as a
 *       {@link dev.jtrace.traceevent.printfmt.PrintFmt} tree), indexed by event id.
 *   <li>Pages: {@link dev.jtrace.traceevent.HeaderPage} describes a ring-buffer sub-buffer;
 *       {@link dev.jtrace.traceevent.PageDecoder} walks one, filling a reusable
 *       {@link dev.jtrace.traceevent.EventRecord} flyweight per event without copying or
 *       allocating.
 * </ul>
 */
package dev.jtrace.traceevent;
