/**
 * The shared base of jtrace: the exception hierarchy ({@link dev.jtrace.core.JtraceException} and
 * its subclasses), {@link dev.jtrace.core.CpuSet}, {@link dev.jtrace.core.KernelVersion},
 * capability probes ({@link dev.jtrace.core.Facility}, {@link dev.jtrace.core.KernelFacility},
 * {@link dev.jtrace.core.Facilities}) and {@link dev.jtrace.core.TracefsMount}.
 */
package dev.jtrace.core;
