package io.github.jpsutil.agent.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host JVM of the end-to-end tests: runs with only the JDK and the agent jar, and obeys one
 * command per line on stdin, answering on stdout. It ends (killing its children) at "quit" or when
 * stdin closes, so a test that dies leaves nothing behind.
 */
public final class Host {
    private static final Map<Long, Process> CHILDREN = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(Host::killChildren));
        System.out.println("READY " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ServerSocket listening = null;
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "spawn" -> { // spawn CMD ARGS...: a child, with its output thrown away
                        Process p = new ProcessBuilder(Arrays.copyOfRange(w, 1, w.length))
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                        CHILDREN.put(p.pid(), p);
                        System.out.println("PID " + p.pid());
                    }
                    case "spawnsh" -> { // spawnsh SCRIPT: a child running sh -c SCRIPT
                        Process p = new ProcessBuilder("sh", "-c", line.trim().substring("spawnsh".length()).trim())
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                        CHILDREN.put(p.pid(), p);
                        System.out.println("PID " + p.pid());
                    }
                    case "wait" -> { // wait PID: its exit code as the JDK reports it (128+N for signal N)
                        Process p = CHILDREN.remove(Long.parseLong(w[1]));
                        System.out.println("EXIT " + p.waitFor());
                    }
                    case "listen" -> {
                        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                        System.out.println("PORT " + listening.getLocalPort());
                    }
                    case "mbeans" -> { // how many jpsutil MBeans this JVM has registered
                        int n = ManagementFactory.getPlatformMBeanServer().queryNames(
                                new javax.management.ObjectName("jpsutil:*"), null).size();
                        System.out.println("MBEANS " + n);
                    }
                    case "agent" -> System.out.println(ManagementFactory.getPlatformMBeanServer().isRegistered( // the agent is ready
                            new javax.management.ObjectName("jpsutil:type=Agent")) ? "AGENT" : "NO AGENT");
                    case "ping" -> System.out.println("PONG");
                    case "fakeprocess" -> { // an MBean under jpsutil's name whose every attribute is a java.io.File
                        ManagementFactory.getPlatformMBeanServer().registerMBean(new FileAttributes(),
                                new javax.management.ObjectName("jpsutil:type=Process,scope=child,pid=1"));
                        System.out.println("REGISTERED");
                    }
                    case "class" -> { // class NAME: whether the application's class loader sees it
                        try {
                            Class.forName(w[1], false, ClassLoader.getSystemClassLoader());
                            System.out.println("FOUND");
                        } catch (ClassNotFoundException e) {
                            System.out.println("MISSING");
                        }
                    }
                    case "quit" -> {
                        killChildren();
                        System.exit(0);
                    }
                    case "churn" -> { // churn N SEED: N short-lived descendants in all (see Churn), answered at once
                        Churn.start(Integer.parseInt(w[1]), Long.parseLong(w[2]), CHILDREN);
                        System.out.println("CHURNING");
                    }
                    case "churned" -> // churned SECONDS: waits for the churn to end; CHURNED processes=P children=C failed=F
                            System.out.println("CHURNED " + Churn.await(Long.parseLong(w[1])));
                    case "statuses" -> // the JDK's exit status of every churned child: STATUSES pid:status ...
                            System.out.println("STATUSES " + Churn.statuses());
                    case "getpid-jna" -> { // the host's own JNA (from its class path) calls getpid(2); by reflection
                        Class<?> lib = Class.forName("com.sun.jna.NativeLibrary", true, ClassLoader.getSystemClassLoader());
                        Object c = lib.getMethod("getInstance", String.class).invoke(null, "c");
                        Object f = lib.getMethod("getFunction", String.class).invoke(c, "getpid");
                        Object pid = f.getClass().getMethod("invokeInt", Object[].class).invoke(f, (Object) new Object[0]);
                        String jar = java.nio.file.Path.of(lib.getProtectionDomain().getCodeSource().getLocation().toURI())
                                .getFileName().toString();
                        System.out.println("GETPID " + pid + " JNA " + jar);
                    }
                    case "bytebuddy" -> // the host's own Byte Buddy makes a class at run time; by reflection
                            System.out.println("BYTEBUDDY " + IsolationHostCalls.byteBuddyToString());
                    default -> System.out.println("ERROR unknown command " + w[0]);
                }
            } catch (Exception e) {
                System.out.println("ERROR " + e);
            }
        }
        killChildren();
        System.exit(0);
    }

    private static void killChildren() {
        for (Process p : CHILDREN.values()) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        CHILDREN.clear();
    }

    /** What a hostile JVM may answer to a JMX client: an object of a class the client did not ask for. */
    static final class FileAttributes implements javax.management.DynamicMBean {
        @Override
        public Object getAttribute(String attribute) {
            return new java.io.File("/" + attribute);
        }

        @Override
        public void setAttribute(javax.management.Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public javax.management.AttributeList getAttributes(String[] attributes) {
            javax.management.AttributeList l = new javax.management.AttributeList();
            for (String a : attributes) l.add(new javax.management.Attribute(a, getAttribute(a)));
            return l;
        }

        @Override
        public javax.management.AttributeList setAttributes(javax.management.AttributeList attributes) {
            return new javax.management.AttributeList();
        }

        @Override
        public Object invoke(String action, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public javax.management.MBeanInfo getMBeanInfo() {
            return new javax.management.MBeanInfo(FileAttributes.class.getName(), "files", null, null, null, null);
        }
    }
}
