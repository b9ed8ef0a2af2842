package lincheck.search;

import lincheck.history.History;
import lincheck.model.Model;

/** A linearizability search over one preprocessed history. */
public interface Search {
    Outcome run(Model initial, History history, Budget budget);

    /** How many frontier configurations an invalid outcome keeps for the report. */
    int MAX_CONFIGS = 12;
    /** Steps between two polls of the budget. */
    int POLL = 4096;
}
