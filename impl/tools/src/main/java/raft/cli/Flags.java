package raft.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * `--name value` and `--switch` flags, optionally preloaded from a properties file
 * (`--config FILE`, same names without dashes; flags on the command line win).
 * Every flag must be declared; an unknown one or a malformed value is a UsageException
 * naming it.
 */
public final class Flags {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    private Flags() {}

    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** @param switches names of flags that take no value */
    public static Flags parse(String[] args, Set<String> switches) {
        Flags f = new Flags();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (switches.contains(name)) {
                    value = "true";
                } else {
                    if (i + 1 >= args.length) {
                        throw new UsageException("flag --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                f.values.put(name, value);
            } else {
                f.positional.add(a);
            }
        }
        String config = f.values.get("config");
        if (config != null) {
            f.used.add("config");
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(config))) {
                p.load(r);
            } catch (IOException e) {
                throw new UsageException("cannot read config file " + config + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                f.values.putIfAbsent(k, p.getProperty(k).trim());
            }
        }
        return f;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean has(String name) {
        used.add(name);
        return values.containsKey(name);
    }

    public String string(String name, String dflt) {
        used.add(name);
        return values.getOrDefault(name, dflt);
    }

    public String required(String name) {
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing required flag --" + name);
        }
        return v;
    }

    public long number(String name, long dflt) {
        String v = string(name, null);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    /** A duration such as 60s, 500ms, 2m, or a plain number of seconds; returned in milliseconds. */
    public long millis(String name, long dflt) {
        String v = string(name, null);
        if (v == null) {
            return dflt;
        }
        try {
            if (v.endsWith("ms")) {
                return Long.parseLong(v.substring(0, v.length() - 2));
            } else if (v.endsWith("s")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000);
            } else if (v.endsWith("m")) {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000);
            }
            return Math.round(Double.parseDouble(v) * 1000);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a duration like 60s or 500ms, got '" + v + "'");
        }
    }

    public boolean bool(String name, boolean dflt) {
        String v = string(name, null);
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase()) {
            case "true", "on", "yes", "1":
                return true;
            case "false", "off", "no", "0":
                return false;
            default:
                throw new UsageException("--" + name + " expects on/off, got '" + v + "'");
        }
    }

    /** Rejects any flag that no one asked about: call after reading all flags. */
    public void rejectUnknown() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new UsageException("unknown flag --" + k);
            }
        }
    }
}
