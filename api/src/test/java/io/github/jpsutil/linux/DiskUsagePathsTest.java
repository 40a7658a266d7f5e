package io.github.jpsutil.linux;

import io.github.jpsutil.DiskPartition;
import io.github.jpsutil.DiskUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Disk usage from statvfs(3) beside the JDK's FileStore, the reading it falls back to without native access. */
class DiskUsagePathsTest {
    private final DiskReader disks = new DiskReader(LinuxSystem.local());

    @Test
    void statvfsAndTheFileStoreTellTheSameForEveryFileSystem() {
        for (DiskPartition p : disks.partitions(true, false)) {
            DiskUsage fileStore;
            try {
                fileStore = disks.fileStoreUsage(p.mountpoint());
            } catch (RuntimeException e) {
                continue; // not ours to read (another namespace's, gone meanwhile)
            }
            DiskUsage statvfs = disks.usage(p.mountpoint());
            assertThat(statvfs.total()).as(p.mountpoint()).isEqualTo(fileStore.total());
            // other builds write and delete files between the readings
            assertThat(statvfs.used()).as(p.mountpoint()).isCloseTo(fileStore.used(), within(256L << 20));
            assertThat(statvfs.free()).as(p.mountpoint()).isCloseTo(fileStore.free(), within(256L << 20));
        }
    }

    @Test
    void bothTellAMissingPathTheSameWay() {
        assertThatThrownBy(() -> disks.usage("/no/such/dir")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disk usage of /no/such/dir: no such file or directory");
        assertThatThrownBy(() -> disks.fileStoreUsage("/no/such/dir")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("disk usage of /no/such/dir: no such file or directory");
    }
}
