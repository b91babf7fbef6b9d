/**
 * jtrace-core internals: the libc bindings (the project's only downcalls), kernel struct
 * descriptors and the facility probes. Exported only to sibling jtrace modules; not API.
 */
package dev.jtrace.core.internal;
