package io.github.jpsutil;

/**
 * One mapping of a process' address space (psutil's {@code pmmap_ext}), or with {@code grouped} all
 * mappings of one path added up (psutil's {@code pmmap_grouped}, where {@code addr} and
 * {@code perms} are null). Anonymous mappings have the path {@code [anon]}; sizes are in bytes.
 */
public record MemoryMap(String addr, String perms, String path, long rss, long size, long pss, long sharedClean,
                        long sharedDirty, long privateClean, long privateDirty, long referenced, long anonymous,
                        long swap) {
}
