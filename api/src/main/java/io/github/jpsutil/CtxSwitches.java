package io.github.jpsutil;

/**
 * Context switches of one process since it started (psutil's {@code pctxsw}): voluntary ones, when
 * it waited for something, and involuntary ones, when the scheduler took the CPU from it.
 */
public record CtxSwitches(long voluntary, long involuntary) {
}
