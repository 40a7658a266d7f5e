package io.github.jpsutil;

import io.github.jpsutil.backend.Backend;
import io.github.jpsutil.linux.LinuxSystem;

import java.lang.reflect.Proxy;

/** Chooses the backend of the operating system this JVM runs on: the one place that knows the OSes. */
final class Backends {
    private Backends() {
    }

    static Backend local() {
        String os = System.getProperty("os.name");
        return "Linux".equals(os) ? LinuxSystem.local() : unsupported(os);
    }

    /** A backend whose every call fails with one error naming the operating system. */
    static Backend unsupported(String os) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) return method.invoke(os, args); // equals, hashCode, toString
                    throw new UnsupportedOperationException("jpsutil does not support " + os + ": " + method.getName()
                            + " needs Linux, the only operating system it has a backend for");
                });
    }
}
