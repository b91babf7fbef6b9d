/**
 * jtrace-traceevent internals: the print-fmt lexer and parser, and the ring-buffer page word
 * layouts. Not exported.
 */
package dev.jtrace.traceevent.internal;
