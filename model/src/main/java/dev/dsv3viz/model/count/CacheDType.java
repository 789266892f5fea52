package dev.dsv3viz.model.count;

/** Element types a KV cache may be kept in. */
public enum CacheDType {
    FP32(4), BF16(2), FP8(1);

    private final int bytes;

    CacheDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
