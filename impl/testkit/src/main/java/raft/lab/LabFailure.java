package raft.lab;

/** A lab check failed: the equivalent of the Go tester's t.Fatalf. */
public final class LabFailure extends AssertionError {
    public LabFailure(String message) {
        super(message);
    }
}
