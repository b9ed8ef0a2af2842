package raft.command;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {

    @Test
    void everyUnitAndFractions() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1.5h"));
        assertEquals(Duration.ofSeconds(600), Durations.parse("600"), "a bare number is seconds");
        assertEquals(Duration.ofSeconds(60), Durations.parse(" 60S "));
        assertEquals(Duration.ZERO, Durations.parse("0"));
    }

    @Test
    void anythingElseIsRefusedWithTheSyntax() {
        for (String bad : new String[] {"soon", "", "1.5", "-1s", "5 minutes", "1d", "s", "1.s", "99999999999999h"}) {
            if (bad.equals("1.5")) {
                assertEquals(Duration.ofMillis(1500), Durations.parse(bad));
                continue;
            }
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> Durations.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("'" + bad + "' is"), e.getMessage());
        }
    }

    @Test
    void formatIsTheShortestExactForm() {
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1h", Durations.format(Duration.ofMinutes(60)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        for (String s : new String[] {"500ms", "1500ms", "2m", "1h", "45s"}) {
            assertEquals(s, Durations.format(Durations.parse(s)), "round trip");
        }
    }
}
