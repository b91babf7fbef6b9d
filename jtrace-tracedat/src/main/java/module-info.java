/**
 * jtrace-tracedat: read and write trace-cmd trace.dat files (versions 6 and 7, with compression).
 *
 * <p>zstd compression (trace-cmd's default) uses the optional dependency
 * {@code io.airlift:aircompressor-v3}, reached through method handles rather than a
 * {@code requires static}: the jar has no module descriptor and no Automatic-Module-Name, so its
 * module name would come from its file name. On the class path it just works; on the module path
 * add it with {@code --add-modules aircompressor.v3,jdk.unsupported} (the library uses
 * {@code sun.misc.Unsafe}).
 */
module dev.jtrace.tracedat {
    requires transitive dev.jtrace.traceevent;

    exports dev.jtrace.tracedat;
}
