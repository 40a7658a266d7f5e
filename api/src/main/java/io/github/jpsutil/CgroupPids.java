package io.github.jpsutil;

import java.util.OptionalLong;

/**
 * The pids controller of a cgroup.
 *
 * @param current tasks (threads) in the cgroup and its descendants (pids.current)
 * @param limit   the most it may have (pids.max); empty when unlimited
 */
public record CgroupPids(long current, OptionalLong limit) {
}
