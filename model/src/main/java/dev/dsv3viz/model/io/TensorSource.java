package dev.dsv3viz.model.io;

import java.util.Set;

/** Named float32 tensors: a checkpoint on disk, or freshly initialised weights. */
public interface TensorSource {
    Set<String> names();

    long[] shape(String name);

    /** The tensor in row-major order. */
    float[] floats(String name);
}
