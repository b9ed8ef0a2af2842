package raft;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import raft.cli.BenchSim;
import raft.cli.ClientMain;
import raft.cli.LabMain;
import raft.cli.ServerMain;
import raft.cli.SimMain;
import raft.command.Cli;
import raft.command.HelpOption;
import raft.jepsen.BenchMain;
import raft.jepsen.JepsenMain;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The jar's entry point: `java -jar raft-tools-all.jar [subcommand] [options]`. With no
 * subcommand (or only options) it runs `jepsen`, the main job; `--help` alone lists the
 * subcommands and then jepsen's options.
 */
@Command(name = "raft-tools", synopsisSubcommandLabel = "[COMMAND]",
        description = "The Raft tools. Without a COMMAND: jepsen.",
        subcommands = {JepsenMain.class, SimMain.class, LabMain.class, BenchSim.class, ServerMain.class,
                ClientMain.class, BenchMain.class})
public final class Main {
    static final String DEFAULT = "jepsen";

    @Mixin
    HelpOption help;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = Cli.commandLine(new Main(), out, err);
        List<String> a = Arrays.asList(args);
        if (a.size() == 1 && (a.get(0).equals("--help") || a.get(0).equals("-h"))) {
            cl.usage(out);
            out.println();
            cl.getSubcommands().get(DEFAULT).usage(out);
            return 0;
        }
        if (a.isEmpty() || a.get(0).startsWith("-")) {
            String[] withDefault = new String[args.length + 1];
            withDefault[0] = DEFAULT;
            System.arraycopy(args, 0, withDefault, 1, args.length);
            args = withDefault;
        }
        return Cli.run(new Main(), args, out, err);
    }
}
