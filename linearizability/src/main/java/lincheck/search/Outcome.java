package lincheck.search;

import lincheck.model.Model;

import java.util.List;

/**
 * What one search found on one history. For an invalid history, {@code failingOp} is the op whose
 * :ok completion no linearization can reach, and {@code configs} are (some of) the configurations
 * that got furthest: the model, the last op linearized (-1 for none) and the ops still pending.
 */
public record Outcome(Verdict verdict, Budget.Cause cause, String analyzer, int failingOp,
                      List<Config> configs, Model finalModel) {
    public enum Verdict { VALID, INVALID, UNKNOWN }

    public record Config(Model model, int lastOp, int[] pending) {}

    public static Outcome valid(String analyzer, Model finalModel) {
        return new Outcome(Verdict.VALID, null, analyzer, -1, List.of(), finalModel);
    }

    public static Outcome invalid(String analyzer, int failingOp, List<Config> configs) {
        return new Outcome(Verdict.INVALID, null, analyzer, failingOp, configs, null);
    }

    public static Outcome unknown(String analyzer, Budget.Cause cause) {
        return new Outcome(Verdict.UNKNOWN, cause, analyzer, -1, List.of(), null);
    }
}
