/**
 * jpsutil: process and system statistics with psutil's semantics. Only {@code io.github.jpsutil}
 * is the API; the operating-system backends stay inside the module.
 */
module io.github.jpsutil {
    requires com.sun.jna;

    exports io.github.jpsutil;

    // JNA builds its proxies of the C library's functions by reflection on this package's interface
    opens io.github.jpsutil.linux to com.sun.jna;
}
