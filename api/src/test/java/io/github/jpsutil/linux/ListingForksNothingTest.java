package io.github.jpsutil.linux;

import io.github.jpsutil.Psutil;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "No process listing forks a program or re-reads /etc/passwd per process", observed from outside:
 * a JVM that lists every process' user name three times runs under strace, which sees every
 * execve and every open of /etc/passwd, whether from Java or from the C library's NSS. (JNA
 * itself runs "/sbin/ldconfig -p" once per JVM when it loads libc; the check gets that done before
 * the part of the trace that is counted.)
 */
class ListingForksNothingTest {
    @TempDir
    Path tmp;

    private Map<String, Long> traced(boolean withJna, Path trace) throws Exception {
        String cp = String.join(File.pathSeparator,
                Path.of(Psutil.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Path.of(ListingCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve,execveat,openat,open,fork,vfork", "-o",
                trace.toString(), ProcessHandle.current().info().command().orElse("java"), "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        if (!withJna) cmd.addAll(List.of("-Djna.nosys=true", "-Djna.nounpack=true", "-Djna.boot.library.path=/nonexistent"));
        cmd.addAll(List.of("-cp", cp, ListingCheck.class.getName()));
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("the traced listing did not end");
        }
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        String last = text.lines().filter(l -> l.startsWith("processes=")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(text));
        Map<String, Long> m = new HashMap<>();
        for (String kv : last.split(" ")) {
            String[] x = kv.split("=");
            m.put(x[0], x[1].equals("true") ? 1L : x[1].equals("false") ? 0L : Long.parseLong(x[1]));
        }
        List<String> all = Files.readAllLines(trace);
        int start = indexOf(all, "jpsutil-marker-start");
        int end = indexOf(all, "jpsutil-marker-end");
        assertThat(start).as("start marker in the trace").isPositive();
        assertThat(end).as("end marker in the trace").isGreaterThan(start);
        List<String> lines = all.subList(start, end);
        m.put("execs", lines.stream().filter(l -> l.matches("^\\d+\\s+(<\\.\\.\\. )?execve(at)?[ (].*")).count());
        m.put("clones", lines.stream().filter(l -> l.matches("^\\d+\\s+(vfork|fork)\\(.*")).count());
        m.put("procOpens", lines.stream().filter(l -> l.contains("open") && l.contains("\"/proc/")).count());
        m.put("passwdOpens", lines.stream().filter(l -> l.contains("open") && l.contains("\"/etc/passwd\"")).count());
        m.put("execsBefore", all.subList(0, start).stream().filter(l -> l.matches("^\\d+\\s+execve(at)?\\(.*")).count());
        return m;
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(marker)) return i;
        return -1;
    }

    @Test
    void listingWithNativeUserLookups() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
        Map<String, Long> m = traced(true, tmp.resolve("trace-native.txt"));
        assertThat(m.get("native")).isEqualTo(1);
        assertThat(m.get("processes")).isGreaterThan(3 * m.get("uids"));
        assertThat(m.get("procOpens")).as("the trace saw the listing").isGreaterThanOrEqualTo(m.get("processes"));
        assertThat(m.get("execs")).as("execve calls during the listing").isZero();
        assertThat(m.get("clones")).as("fork/vfork calls during the listing").isZero();
        assertThat(m.get("lookups")).isEqualTo(m.get("uids"));
        // getpwuid_r may open /etc/passwd once per lookup (NSS "files"), never once per process
        assertThat(m.get("passwdOpens")).isLessThanOrEqualTo(m.get("uids"));
    }

    @Test
    void listingWithoutNativeAccessReadsEtcPasswdOnce() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/strace").canExecute(), "strace is not installed");
        Map<String, Long> m = traced(false, tmp.resolve("trace-nojna.txt"));
        assertThat(m.get("native")).isZero();
        assertThat(m.get("procOpens")).as("the trace saw the listing").isGreaterThanOrEqualTo(m.get("processes"));
        assertThat(m.get("execs")).isZero();
        assertThat(m.get("execsBefore")).as("without JNA nothing runs ldconfig: only the JVM's own exec").isEqualTo(1);
        assertThat(m.get("lookups")).isEqualTo(m.get("uids"));
        assertThat(m.get("passwdOpens")).isEqualTo(1);
    }
}
