package raft;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jar's entry point: `java -jar raft-tools-all.jar [subcommand] [args]`. Each subcommand is a
 * class with a static main(String[]) loaded by name, so a subcommand's module can be added
 * without touching the others. With no subcommand (or only flags) it runs `jepsen`, the main job.
 */
public final class Main {
    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("sim", "raft.cli.SimMain");
        COMMANDS.put("lab", "raft.cli.LabMain");
        COMMANDS.put("bench-sim", "raft.cli.BenchSim");
        COMMANDS.put("server", "raft.cli.ServerMain");
        COMMANDS.put("client", "raft.cli.ClientMain");
        COMMANDS.put("jepsen", "raft.jepsen.JepsenMain");
        COMMANDS.put("bench", "raft.jepsen.BenchMain");
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = "jepsen";
        String[] rest = args;
        if (args.length > 0 && !args[0].startsWith("-")) {
            cmd = args[0];
            rest = Arrays.copyOfRange(args, 1, args.length);
        } else if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) && args.length == 1) {
            usage();
            // fall through to jepsen's own help as well: it is the default subcommand
        }
        String cls = COMMANDS.get(cmd);
        if (cls == null) {
            System.err.println("raft: unknown subcommand '" + cmd + "'");
            usage();
            System.exit(2);
        }
        Method main;
        try {
            main = Class.forName(cls).getMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            System.err.println("raft: subcommand '" + cmd + "' is not part of this build (" + cls + ")");
            System.exit(2);
            return;
        }
        try {
            main.invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
        }
    }

    private static void usage() {
        System.err.println("usage: java -jar raft-tools-all.jar [subcommand] [options]   (default subcommand: jepsen)");
        for (Map.Entry<String, String> e : COMMANDS.entrySet()) {
            boolean present;
            try {
                Class.forName(e.getValue(), false, Main.class.getClassLoader());
                present = true;
            } catch (ClassNotFoundException x) {
                present = false;
            }
            System.err.printf("  %-10s %s%n", e.getKey(), present ? "(run '" + e.getKey() + " --help')" : "(not built yet)");
        }
    }
}
