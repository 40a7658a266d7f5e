package io.github.jpsutil.linux;

import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.OsProcess;
import io.github.jpsutil.Psutil;

import java.util.HashSet;
import java.util.Set;

/**
 * Not a test: a program that {@link ListingForksNothingTest} runs under strace. Lists every process
 * with its user name, three times over, between two marker opens, and prints
 * {@code processes=P uids=U lookups=L native=B}.
 */
public final class ListingCheck {
    private ListingCheck() {
    }

    /** Opens a file that does not exist: strace shows the name, so the trace can be cut there. */
    static void marker(String name) {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/nonexistent/jpsutil-marker-" + name)) {
            in.read();
        } catch (java.io.IOException expected) {
            // it does not exist
        }
    }

    public static void main(String[] args) {
        // JNA's NativeLibrary runs "/sbin/ldconfig -p" once per JVM when it loads its first
        // library: get that done before the listing, which is what is being watched
        Native.available();
        marker("start");
        Set<Long> uids = new HashSet<>();
        int named = 0;
        for (int round = 0; round < 3; round++) {
            for (OsProcess p : (Iterable<OsProcess>) Psutil.local().processes()::iterator) {
                try {
                    if (!p.username().isEmpty()) named++;
                    uids.add(p.uids().real());
                } catch (NoSuchProcess gone) {
                    // exited meanwhile
                }
            }
        }
        marker("end");
        System.out.println("processes=" + named + " uids=" + uids.size() + " lookups="
                + LinuxSystem.local().users.lookups.get() + " native=" + Native.available());
    }
}
