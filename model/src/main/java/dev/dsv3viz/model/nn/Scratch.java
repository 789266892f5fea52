package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The scratch memory of one forward pass: an ND4J workspace, so that the hundreds of intermediate arrays
 * of a pass come from one reused arena instead of a native allocation each, which the garbage collector
 * must later find and free (measured: stalls of 100 ms every few dozen passes without it). Results that
 * outlive the pass are {@code detach()}ed; the KV cache is allocated outside it.
 */
public final class Scratch {
    private static final String ID = "dsv3viz-forward";
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.3)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private Scratch() {
    }

    /** Opens the calling thread's scratch workspace; close it when the pass is done. */
    static MemoryWorkspace open() {
        return open(ID);
    }

    /**
     * Bytes the calling thread's forward-pass workspace has reserved: 0 before its first pass, then the
     * largest pass so far plus the overallocation. Memory held on purpose, to tell apart from a leak.
     */
    public static long reservedBytes() {
        return Nd4j.getWorkspaceManager().checkIfWorkspaceExists(ID)
                ? Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(ID).getCurrentSize() : 0;
    }

    /** Opens the calling thread's scratch workspace of that name (a training step has its own). */
    public static MemoryWorkspace open(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
    }
}
