package raft.command;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of every tool: a number and a unit, {@code 500ms}, {@code 1.5s},
 * {@code 2m}, {@code 1h}; a bare number is seconds (so {@code --seconds 600} and older scripts
 * keep working). Registered for {@link Duration} options by {@link Cli}.
 */
public final class Durations implements ITypeConverter<Duration> {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        Matcher m = SYNTAX.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration like 500ms, 1.5s, 2m or 1h");
        }
        long unitMillis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1000;
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
        // Sub-millisecond fractions ("0.5ms") round to whole milliseconds: no tool is finer.
        return Duration.ofMillis(millis.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }

    /** The shortest exact form in this syntax: 1500 ms prints as "1500ms", 120 s as "2m". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
