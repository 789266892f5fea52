package dev.dsv3viz.model.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jBlas;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J settings for this engine, applied once before the first model is built.
 * <ul>
 *   <li>float32 by default, as the checkpoints are computed;</li>
 *   <li>one native thread: the matrices of a teaching-size model are so small that OpenMP and BLAS
 *       threads cost more in hand-over than they gain (measured 2-4x slower with two threads on a
 *       2-core machine), and the other core stays free for the window;</li>
 *   <li>no periodic {@code System.gc()}, which ND4J calls by default and which stalls a UI;</li>
 *   <li>no resident-memory check on every native allocation (JavaCPP's {@code maxPhysicalBytes}): it
 *       reads the process's memory statistics each time and took a fifth of the decoding time. Scratch
 *       memory is bounded by the forward pass's workspace instead.</li>
 * </ul>
 * Must run before anything else touches ND4J; {@link Tensors} and {@link Transformer} call it.
 */
public final class Nd4jRuntime {
    private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static boolean configured;

    private Nd4jRuntime() {
    }

    public static synchronized void configure() {
        if (configured) {
            return;
        }
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        if (Nd4j.factory().blas() instanceof Nd4jBlas blas) {
            blas.setMaxThreads(1);
        }
        configured = true;
    }
}
