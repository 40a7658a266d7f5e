package io.github.jpsutil.linux;

import io.github.jpsutil.AccessDenied;
import io.github.jpsutil.JpsutilException;
import io.github.jpsutil.NoSuchProcess;
import io.github.jpsutil.ZombieProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one error translator: errno values and the JDK's I/O exceptions to the API's exceptions. */
class ErrnoTest {

    @Test
    void errnoValues() {
        assertThat(Errno.translate(Errno.ENOENT, 7, "x", "d")).isExactlyInstanceOf(NoSuchProcess.class);
        assertThat(Errno.translate(Errno.ESRCH, 7, "x", "d")).isExactlyInstanceOf(NoSuchProcess.class)
                .satisfies(e -> assertThat(((NoSuchProcess) e).pid()).isEqualTo(7));
        assertThat(Errno.translate(Errno.EPERM, 7, "x", "d")).isExactlyInstanceOf(AccessDenied.class)
                .hasMessageContaining("pid=7").hasMessageContaining("name='x'");
        assertThat(Errno.translate(Errno.EACCES, 7, null, "d")).isExactlyInstanceOf(AccessDenied.class);
        assertThat(Errno.translate(Errno.EINVAL, 7, null, "bad value")).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad value");
        assertThat(Errno.translate(5, 7, null, "EIO")).isExactlyInstanceOf(JpsutilException.class).hasMessageContaining("errno 5");
    }

    @Test
    void ioExceptionsByTypeAlone() {
        assertThat(Errno.translate(new NoSuchFileException("/proc/7/stat"), 7, null)).isExactlyInstanceOf(NoSuchProcess.class);
        assertThat(Errno.translate(new AccessDeniedException("/proc/7/io"), 7, null)).isExactlyInstanceOf(AccessDenied.class);
        // the text of a plain IOException is strerror in the JVM's locale: it decides nothing
        for (String text : new String[]{"Permission denied", "Keine Berechtigung", "No such process", "Kein passender Prozess gefunden",
                "No such file or directory", "Input/output error"})
            assertThat(Errno.translate(new IOException(text), 7, null)).as(text).isExactlyInstanceOf(JpsutilException.class);
    }

    @Test
    void zombieIsAKindOfNoSuchProcess() {
        ZombieProcess z = new ZombieProcess(9, "sleep", 8, null);
        assertThat(z).isInstanceOf(NoSuchProcess.class).isInstanceOf(JpsutilException.class);
        assertThat(z.ppid()).isEqualTo(8);
        assertThat(z.getMessage()).contains("pid=9", "sleep", "ppid=8");
    }
}
