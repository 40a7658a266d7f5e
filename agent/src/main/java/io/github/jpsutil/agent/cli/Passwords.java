package io.github.jpsutil.agent.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code jmx} takes passwords from: never its arguments (every user of the machine reads
 * those in ps, and the shell keeps them in its history), but the terminal, with echo off, or a
 * file or standard input ({@code -}) of lines {@code NAME PASSWORD}.
 */
final class Passwords {
    static final String STDIN = "-";
    private static BufferedReader stdin;

    private Passwords() {
    }

    /** The password of each user, from the file (or standard input) if one is given, else asked for on the terminal. */
    static Map<String, char[]> of(List<String> users, String file) throws Cli.Failure {
        Map<String, char[]> found = new HashMap<>();
        if (file != null) {
            for (String line : lines(file)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+", 2);
                if (f.length < 2) throw Cli.usage("password file line for '" + f[0] + "' has no password (expected NAME PASSWORD)");
                if (users.contains(f[0]) && found.put(f[0], f[1].toCharArray()) != null)
                    throw Cli.usage("password file names user " + f[0] + " twice");
            }
            for (String u : users)
                if (!found.containsKey(u)) throw Cli.usage("password file " + describe(file) + " has no line for user " + u);
            return found;
        }
        for (String u : users) found.put(u, ask("password for JMX user " + u + ": "));
        return found;
    }

    /** One secret (a keystore password): the first line of the file, or asked for. */
    static char[] one(String what, String file) throws Cli.Failure {
        if (file == null) return ask(what + ": ");
        for (String line : lines(file)) if (!line.isEmpty()) return line.toCharArray();
        throw Cli.usage(describe(file) + " holds no " + what);
    }

    private static char[] ask(String prompt) throws Cli.Failure {
        Console console = System.console();
        if (console == null)
            throw Cli.usage("no terminal to ask for passwords on: give --password-file FILE (or - for standard input), lines NAME PASSWORD");
        char[] p = console.readPassword(prompt);
        if (p == null || p.length == 0) throw Cli.usage("an empty password is refused");
        return p;
    }

    private static List<String> lines(String file) throws Cli.Failure {
        try {
            if (!file.equals(STDIN)) {
                Path p = Path.of(file);
                if (Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ))
                    throw Cli.usage(file + " is readable by every user of this machine; chmod 600 it");
                return Files.readAllLines(p, StandardCharsets.UTF_8);
            }
            synchronized (Passwords.class) {
                if (stdin != null) throw Cli.usage("standard input can give only one of the password files");
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            return stdin.lines().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw Cli.usage("cannot read " + describe(file) + ": " + e.getMessage());
        }
    }

    private static String describe(String file) {
        return file.equals(STDIN) ? "standard input" : file;
    }
}
