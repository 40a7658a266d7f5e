package io.github.jpsutil.linux;

import io.github.jpsutil.HeldHandleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads through the C library ({@link NativeReads}) and through FileChannel give the same bytes
 * and the same exceptions for the same files: a live child's (and its held descriptors'), a
 * reaped child's, a read that fails after its open, and files an unprivileged reader is denied;
 * and native reads leave no descriptor open.
 */
class NativeReadsTest {
    static final List<String> FILES = HeldFilesTest.FILES;

    @BeforeAll
    static void nativeReadsAreAvailable() {
        assumeTrue(NativeReads.AVAILABLE, "native reads are unavailable on this JVM");
    }

    /** What a read gives: its bytes, or the exception's class and message. */
    interface Read {
        int into() throws IOException;
    }

    static String outcome(Read r) {
        try {
            int n = r.into();
            String text = new String(Arrays.copyOf(ProcFiles.bytes(), n), StandardCharsets.ISO_8859_1);
            return "bytes " + text.replace("\n", "\\n").replace("\0", "\\0"); // one line
        } catch (IOException e) {
            // a native read's error (an ErrnoIOException) stands where FileChannel's is a plain IOException
            String type = e instanceof NativeReads.ErrnoIOException ? "IOException" : e.getClass().getSimpleName();
            return type + " " + e.getMessage();
        }
    }

    /** The API's exception for a failed read of {@code file}, as the process' readers make it. */
    static String apiOutcome(LinuxProcess p, Path file, Read r) {
        try {
            r.into();
            return "read";
        } catch (IOException e) {
            RuntimeException f = p.failure(e, file);
            return f.getClass().getSimpleName() + ": " + f.getMessage();
        }
    }

    /** A {@code sleep} child, once it sleeps: its exec is done and its files no longer change. */
    static Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "1000").start();
        Path stat = Path.of("/proc/" + p.pid() + "/stat");
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(5)) {
            String s = Files.readString(stat);
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("S")
                    && Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).equals("sleep\0" + "1000\0")) return p;
        }
        p.destroyForcibly().waitFor();
        throw new AssertionError("sleep did not start sleeping within 10 s");
    }

    @Test
    void aLiveChildsFilesReadTheSameBytesAsThroughFileChannelAndHeldDescriptors() throws Exception {
        Process child = sleeper();
        HeldFiles held = new HeldFiles(16);
        try {
            long pid = child.pid();
            Path dir = Path.of("/proc/" + pid);
            long ticks = HeldFilesTest.startTicks(pid);
            List<String> files = new ArrayList<>(FILES);
            files.add("task/" + pid + "/stat");
            for (String f : files) {
                Path p = dir.resolve(f);
                String native1 = outcome(() -> ProcFiles.readRecordNative(p));
                assertThat(native1).as(f).startsWith("bytes ").isEqualTo(outcome(() -> ProcFiles.readRecordThroughChannel(p)))
                        .isEqualTo(outcome(() -> ProcFiles.readRecordInto(dir, f)));
            }
            for (int round = 0; round < 3; round++) {
                for (String f : FILES) {
                    assertThat(outcome(() -> held.readProcessFile(dir, pid, ticks, f))).as(f)
                            .isEqualTo(outcome(() -> ProcFiles.readRecordNative(dir.resolve(f))));
                }
            }
            // a file larger than the thread's buffer grows it, as the FileChannel read does
            Path large = Files.createTempFile("native-reads", ".txt");
            try {
                Files.writeString(large, "x".repeat(100_000) + "end");
                String big = outcome(() -> ProcFiles.readRecordNative(large));
                assertThat(big).isEqualTo("bytes " + "x".repeat(100_000) + "end").isEqualTo(outcome(() -> ProcFiles.readRecordThroughChannel(large)));
                assertThat(ProcFiles.bytes().length).as("the buffer kept after a large read").isLessThanOrEqualTo(128 * 1024);
            } finally {
                Files.delete(large);
            }
        } finally {
            held.clear();
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aReapedChildsFilesFailTheSameWayThroughTheCLibraryAndFileChannel() throws Exception {
        Process child = sleeper();
        long pid = child.pid();
        Path dir = Path.of("/proc/" + pid);
        long ticks = HeldFilesTest.startTicks(pid);
        child.destroyForcibly().waitFor();
        LinuxProcess reader = new LinuxProcess(LinuxSystem.local(), pid, ticks);
        for (String f : FILES) {
            Path p = dir.resolve(f);
            // ENOENT from open (the pid has no process, or a new one: then both read it alike)
            assertThat(outcome(() -> ProcFiles.readRecordNative(p))).as(f).isEqualTo(outcome(() -> ProcFiles.readRecordThroughChannel(p)))
                    .isEqualTo(outcome(() -> ProcFiles.readRecordInto(dir, f)));
            assertThat(apiOutcome(reader, p, () -> ProcFiles.readRecordNative(p))).as(f).startsWith("NoSuchProcess")
                    .isEqualTo(apiOutcome(reader, p, () -> ProcFiles.readRecordThroughChannel(p)));
        }
        // an error of read(2) after a good open (EISDIR here): the same text, and its errno known to the API's translation
        Path self = Path.of("/proc/self");
        assertThat(outcome(() -> ProcFiles.readRecordNative(self))).startsWith("IOException ")
                .isEqualTo(outcome(() -> ProcFiles.readRecordThroughChannel(self)));
        LinuxProcess me = new LinuxProcess(LinuxSystem.local(), ProcessHandle.current().pid(), -1);
        assertThat(apiOutcome(me, self, () -> ProcFiles.readRecordNative(self)))
                .isEqualTo(apiOutcome(me, self, () -> ProcFiles.readRecordThroughChannel(self)));
    }

    /** A listing's numbers, or the exception's class and the path it names. */
    interface Listing {
        long[] of(Path dir) throws IOException;
    }

    static String listing(Listing l, Path dir) {
        try {
            long[] n = l.of(dir);
            Arrays.sort(n);
            return Arrays.toString(n);
        } catch (IOException e) {
            return e.getClass().getSimpleName() + " " + (e instanceof java.nio.file.FileSystemException f ? f.getFile() : e.getMessage());
        }
    }

    @Test
    void directoriesListTheSameNumbersThroughGetdentsAndJavaNio(@TempDir Path odd) throws Exception {
        assumeTrue(NativeReads.listsDirectories(), "getdents64 is not in this C library");
        Process child = sleeper();
        try {
            // names /proc never has, around numbers: 19 digits are too many, a sign or a dot is no number
            for (String name : List.of("0", "7", "0012", "123456789012345678", "1234567890123456789", "-1", "1.5", "abc", "12a"))
                Files.createFile(odd.resolve(name));
            for (int i = 0; i < 400; i++) Files.createFile(odd.resolve(Integer.toString(1000 + i))); // records for more than one 8 KiB read
            Path childDir = Path.of("/proc/" + child.pid());
            // directories that do not change meanwhile (the sleeping child's); /proc itself does
            for (Path dir : List.of(Path.of("/proc/" + child.pid() + "/task"), Path.of("/proc/" + child.pid() + "/fd"),
                    odd, odd.resolve("missing"), Path.of("/proc/" + child.pid() + "/no-such-dir"))) {
                String expected = listing(ProcFiles::numericEntriesThroughStream, dir);
                assertThat(listing(ProcFiles::numericEntriesNative, dir)).as(dir.toString()).isEqualTo(expected);
            }
            assertThat(listing(ProcFiles::numericEntriesNative, odd)).startsWith("[0, 7, 12, 1000, 1001, ").endsWith(", 1399, 123456789012345678]");
            assertThat(listing(ProcFiles::numericEntriesNative, odd.resolve("missing"))).isEqualTo("NoSuchFileException " + odd.resolve("missing"));
            assertThat(ProcFiles.numericEntriesNative(Path.of("/proc"))).contains(child.pid(), ProcessHandle.current().pid(), 1L);
            assertThat(HeldHandleTest.descriptorsOnto(childDir)).isZero();
            assertThat(HeldHandleTest.descriptorsOnto(odd)).isZero();
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void nativeReadsLeaveNoDescriptorOpen() throws Exception {
        Process child = sleeper();
        try {
            Path dir = Path.of("/proc/" + child.pid());
            for (int i = 0; i < 200; i++) {
                for (String f : FILES) ProcFiles.readRecordInto(dir, f);
                assertThat(outcome(() -> ProcFiles.readRecordNative(dir.resolve("no-such-file")))).startsWith("NoSuchFileException ");
                assertThat(outcome(() -> ProcFiles.readRecordNative(dir))).startsWith("IOException "); // opened, then EISDIR
            }
            assertThat(HeldHandleTest.descriptorsOnto(dir)).isZero();
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /**
     * Run as an unprivileged user against a root process: for each file, the outcome through
     * FileChannel, through the C library, and the API's exception for each, one line per file.
     */
    public static void main(String[] args) {
        long pid = Long.parseLong(args[0]);
        Path dir = Path.of("/proc/" + pid);
        LinuxProcess reader = new LinuxProcess(LinuxSystem.local(), pid, -1);
        System.out.println("native " + NativeReads.AVAILABLE);
        for (String f : List.of("stat", "io", "environ", "syscall")) {
            Path p = dir.resolve(f);
            System.out.println(f + "\t" + outcome(() -> ProcFiles.readRecordThroughChannel(p))
                    + "\t" + outcome(() -> ProcFiles.readRecordNative(p))
                    + "\t" + apiOutcome(reader, p, () -> ProcFiles.readRecordThroughChannel(p))
                    + "\t" + apiOutcome(reader, p, () -> ProcFiles.readRecordNative(p)));
        }
    }

    @TempDir
    Path shared;

    @Test
    void filesDeniedToAnUnprivilegedReaderFailTheSameWay() throws Exception {
        assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim()),
                "needs root to switch to uid 65534");
        assumeTrue(Stream.of("/usr/bin/setpriv", "/bin/setpriv").anyMatch(p -> Files.isExecutable(Path.of(p))), "setpriv is not installed");
        // JNA's jar lies under the build user's ~/.m2, closed to others: a copy, and a directory it may unpack into
        Path jna = shared.resolve("jna.jar"), tmp = shared.resolve("tmp");
        Files.copy(Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI()), jna);
        Files.createDirectories(tmp);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(jna, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        String classes = Path.of(NativeReads.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String testClasses = Path.of(NativeReadsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process root = sleeper();
        Map<String, String[]> lines = new LinkedHashMap<>();
        String out;
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process check = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java,
                    "-XX:-UsePerfData", "-Xshare:off", "-Djava.io.tmpdir=" + tmp, "-Djna.tmpdir=" + tmp,
                    "-cp", classes + ":" + testClasses + ":" + jna, NativeReadsTest.class.getName(), Long.toString(root.pid()))
                    .redirectErrorStream(true).start();
            try {
                out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                check.destroyForcibly().waitFor();
            }
        } finally {
            root.destroyForcibly().waitFor();
        }
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 5) lines.put(f[0], f);
        }
        assertThat(out).as(out).startsWith("native true");
        assertThat(lines).as(out).containsOnlyKeys("stat", "io", "environ", "syscall");
        for (String[] f : lines.values()) {
            assertThat(f[2]).as(f[0] + " through the C library").isEqualTo(f[1]);
            assertThat(f[4]).as(f[0] + ": the API's exception").isEqualTo(f[3]);
        }
        assertThat(lines.get("stat")[1]).startsWith("bytes " + root.pid() + " (sleep)");
        // refused at open(2): io and syscall by their mode (0400, root's), environ by the kernel's ptrace check
        for (String denied : List.of("io", "environ", "syscall")) {
            assertThat(lines.get(denied)[1]).as(denied).startsWith("AccessDeniedException ");
            assertThat(lines.get(denied)[3]).as(denied).startsWith("AccessDenied: ");
        }
    }

    /**
     * Files larger than the thread's kept buffer are read in chunks: every size around the buffer's
     * steps (a full first read, a file of exactly a chunk, one byte over) reads whole, through the
     * C library and FileChannel, to the end and record by record, and a small file read after a
     * large one is not mixed with its bytes.
     */
    @Test
    void filesOfEverySizeAroundTheBuffersReadWhole(@TempDir Path dir) throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int size : new int[]{0, 1, 8191, 8192, 8193, 65535, 65536, 65537, 3 * 65536 + 5, 1 << 20, 10}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = Files.write(dir.resolve("f" + size), content);
            assertThat(ProcFiles.read(file)).as("read, %d bytes", size).isEqualTo(content);
            assertThat(ProcFiles.readRecord(file)).as("record, %d bytes", size).isEqualTo(content);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                assertThat(ProcFiles.readAll(ch, false)).as("channel, %d bytes", size).isEqualTo(content);
                assertThat(ProcFiles.readAll(ch, true)).as("channel record, %d bytes", size).isEqualTo(content);
            }
            int fd = NativeReads.open(file);
            try {
                int n = ProcFiles.readInto(fd, false);
                assertThat(Arrays.copyOf(ProcFiles.bytes(), n)).as("descriptor, %d bytes", size).isEqualTo(content);
            } finally {
                NativeReads.closeFd(fd);
            }
        }
    }
}
