/**
 * Test support shared by every jtrace module (published as jtrace-core's test-jar): gating of tests
 * on kernel facilities with {@link dev.jtrace.core.testing.RequiresKernel}.
 */
package dev.jtrace.core.testing;
