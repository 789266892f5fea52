package dev.dsv3viz.model.io;

import java.util.Optional;

/** The safetensors element types this project reads, with their size in bytes. */
public enum DType {
    F32(4), F16(2), BF16(2), F8_E4M3(1), I32(4), I64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public boolean isFloatingPoint() {
        return this == F32 || this == F16 || this == BF16 || this == F8_E4M3;
    }

    /** The type named {@code name} in a safetensors header, if this project reads it. */
    public static Optional<DType> fromHeader(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
